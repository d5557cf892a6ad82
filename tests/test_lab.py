"""The explorer notebook in a real JupyterLab, driven by headless Chromium through Selenium: its widgets render, its
plotly figure draws and follows the widgets, no cell fails. And the README's papermill command runs as written."""
import json, os, secrets, shutil, signal, socket, subprocess, sys, time, urllib.request
from pathlib import Path

import nbformat
import pytest
from conftest import wait_for

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "nbs" / "60_explore.ipynb"
SHOTS = REPO / "test_outputs"
BIN = Path(sys.executable).parent
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
CHROMEDRIVER = shutil.which("chromedriver")
MISSING = ("headless Chromium and its WebDriver are needed (Debian: apt-get install -y chromium chromium-driver); "
           "not found: {}")


def free_port() -> int:
    "A TCP port free on localhost now."
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def need_chromium():
    "Fail, saying what to install, when Debian's chromium or chromedriver is missing."
    missing = [n for n, p in (("chromium", CHROMIUM), ("chromedriver", CHROMEDRIVER)) if p is None]
    if missing: pytest.fail(MISSING.format(", ".join(missing)))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    "A JupyterLab server on a free localhost port with a token, its root a temporary folder holding the explorer notebook."
    need_chromium()  # before starting a server that nothing could look at
    tmp = tmp_path_factory.mktemp("lab")
    root, conf = tmp / "root", tmp / "config"
    root.mkdir()
    shutil.copy(NOTEBOOK, root / NOTEBOOK.name)
    # every cell in the DOM (no windowing), and no news prompt over the page
    settings = conf / "lab" / "user-settings" / "@jupyterlab"
    (settings / "notebook-extension").mkdir(parents=True)
    (settings / "notebook-extension" / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    (conf / "labconfig").mkdir()
    (conf / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}))
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(conf), "JUPYTER_DATA_DIR": str(tmp / "data"), "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
           "IPYTHONDIR": str(tmp / "ipython"), "TMPDIR": str(tmp), "OMP_NUM_THREADS": "1"}
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
           "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           f"--LabApp.user_settings_dir={conf / 'lab' / 'user-settings'}", f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
           "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None", "--ServerApp.allow_root=True"]
    log = open(tmp / "lab.log", "w")
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"

    def up():
        if proc.poll() is not None: pytest.fail(f"JupyterLab exited ({proc.returncode}): {(tmp / 'lab.log').read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r: return r.status == 200
        except OSError: return False

    try:
        wait_for(up, 60, f"JupyterLab did not answer on {base} (log: {tmp / 'lab.log'})")
        yield {"base": base, "token": token, "log": tmp / "lab.log", "tmp": tmp}
    finally:  # always: shut the server and its kernels down
        try:
            req = urllib.request.Request(f"{base}/api/shutdown", method="POST", headers={"Authorization": f"token {token}"})
            urllib.request.urlopen(req, timeout=5).close()
            proc.wait(timeout=15)
        except Exception:
            pass
        if proc.poll() is None:
            proc.terminate()
            try: proc.wait(timeout=10)
            except subprocess.TimeoutExpired: pass
        try: os.killpg(proc.pid, signal.SIGKILL)  # the server's session: whatever kernel is still alive
        except ProcessLookupError: pass
        proc.wait()
        log.close()


@pytest.fixture
def browser(tmp_path):
    "Debian's headless Chromium through chromedriver (no Selenium Manager: both paths are given)."
    try: from selenium import webdriver
    except ImportError: pytest.fail("selenium is not installed: pip install -e '.[dev]'")
    need_chromium()
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
              f"--user-data-dir={tmp_path / 'profile'}"):
        opts.add_argument(a)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER), options=opts)
    try: yield driver
    finally: driver.quit()


KERNEL_STATE = """
const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
if (!w || !w.sessionContext || !w.content) return null;
const k = w.sessionContext.session && w.sessionContext.session.kernel;
return {kernel: k ? k.status : null, busy: w.sessionContext.kernelDisplayStatus,
        counts: w.content.widgets.filter(c => c.model.type === 'code').map(c => c.model.executionCount)};
"""

EXPLORER_PLOTS = """
const plots = Array.from(document.querySelectorAll('.jp-OutputArea .jupyter-widgets .js-plotly-plot'));
if (!plots.length || plots.some(g => !g.data || !g.layout)) return null;
return JSON.stringify(plots.map(g => ({title: g.layout.title && (g.layout.title.text || g.layout.title),
                                       traces: g.data.map(t => [t.name, t.type, t.mode])})));
"""


ERRORS = """
const texts = [];
for (const e of document.querySelectorAll('.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'))
  if (e.textContent.includes('Traceback')) texts.push(e.textContent.slice(0, 800));
for (const e of document.querySelectorAll('.jp-OutputArea-output'))
  if (e.textContent.includes('Error displaying widget')) texts.push(e.textContent.slice(0, 800));
return texts;
"""


def errors_on_page(driver) -> list[str]:
    "Error outputs of cells (tracebacks on stderr) and widgets that failed to display."
    return driver.execute_script(ERRORS)


def test_explorer_notebook_runs_in_jupyterlab(lab, browser):
    "Run > Run All Cells on the explorer: widgets render, the plotly figure draws, no error, and the figure follows a widget."
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    driver, t0 = browser, time.time()
    SHOTS.mkdir(exist_ok=True)
    (SHOTS / "lab_explorer_failure.png").unlink(missing_ok=True)
    try:
        driver.get(f"{lab['base']}/lab/tree/{NOTEBOOK.name}?token={lab['token']}")
        wait_for(lambda: (s := driver.execute_script(KERNEL_STATE)) and s["kernel"] == "idle", 60,
                 "the notebook did not open with an idle kernel")
        n_code, marks = len(driver.execute_script(KERNEL_STATE)["counts"]), {"opened": time.time() - t0}
        # the menu, as a user would: Run > Run All Cells
        menu = wait_for(lambda: [e for e in driver.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-itemLabel") if e.text == "Run"], 10,
                        "no Run menu in the menu bar")[0]
        menu.click()
        item = wait_for(lambda: [e for e in driver.find_elements(By.CSS_SELECTOR, ".lm-Menu-itemLabel") if e.text == "Run All Cells"], 10,
                        "no 'Run All Cells' in the Run menu")[0]
        item.click()

        def finished():
            if errors_on_page(driver): return True  # stop waiting: the assertion below says what failed
            s = driver.execute_script(KERNEL_STATE)
            return s and s["kernel"] == "idle" and s["busy"] == "idle" and all(c is not None for c in s["counts"])

        wait_for(finished, 90, "the notebook's cells did not all run", every=1)
        marks["ran"] = time.time() - t0
        assert errors_on_page(driver) == [], f"error output in the notebook: {errors_on_page(driver)}"
        assert len(driver.execute_script(KERNEL_STATE)["counts"]) == n_code

        # the ipywidgets controls and the explorer's plotly figure are on the page
        for css in (".jupyter-widgets", ".widget-dropdown select", ".widget-slider", ".js-plotly-plot .main-svg"):
            wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, css), 20, f"no {css!r} element on the page")
        before = wait_for(lambda: driver.execute_script(EXPLORER_PLOTS), 20, "the explorer's plotly figure did not draw")
        assert "marked" in before, before
        marks["drawn"] = time.time() - t0

        # choose another regime, as a click would: the figure is redrawn for it
        dropdowns = {" ".join(l.text for l in d.find_elements(By.CSS_SELECTOR, "label")).strip(): d.find_element(By.CSS_SELECTOR, "select")
                     for d in driver.find_elements(By.CSS_SELECTOR, ".widget-dropdown")}
        assert "regime" in dropdowns, f"no regime dropdown among {list(dropdowns)}"
        regime = Select(dropdowns["regime"])
        assert len(regime.options) >= 2, "the run found a single regime: nothing to switch to"
        driver.execute_script("arguments[0].scrollIntoView()", dropdowns["regime"])
        choice = regime.options[1].text
        regime.select_by_index(1)
        after = wait_for(lambda: (p := driver.execute_script(EXPLORER_PLOTS)) and p != before and p, 30,
                         "the explorer's figure did not change after choosing another regime")
        assert choice in after, f"{choice!r} is not in the redrawn figure: {after}"
        assert errors_on_page(driver) == [], f"error output after the change: {errors_on_page(driver)}"
        driver.save_screenshot(str(SHOTS / "lab_explorer.png"))
    except BaseException:
        driver.save_screenshot(str(SHOTS / "lab_explorer_failure.png"))
        print(f"JupyterLab log: {lab['log'].read_text()[-3000:]}")
        raise
    marks["redrawn"] = time.time() - t0
    print("explorer notebook in JupyterLab, seconds from opening:", {k: round(v, 1) for k, v in marks.items()})


def test_readme_papermill_command(tmp_path):
    "The README's `papermill nbs/pipelines/train.ipynb out.ipynb -p preset debug -p steps 50` exits 0 and executes every cell."
    readme = (REPO / "README.md").read_text()
    command = "papermill nbs/pipelines/train.ipynb out.ipynb -p preset debug -p steps 50"
    assert command in readme, "the README's papermill command changed: update this test"
    args = command.split()
    args[0], args[1] = str(BIN / "papermill"), str(REPO / args[1])
    env = {**os.environ, "TMPDIR": str(tmp_path), "OMP_NUM_THREADS": "1", "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    res = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, f"papermill failed ({res.returncode}): {res.stderr[-3000:]}"
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code), "some cells did not run"
    assert not any(o.get("output_type") == "error" for c in code for o in c.outputs)
    injected = [c for c in code if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and 'preset = "debug"' in injected[0].source and "steps = 50" in injected[0].source
    assert nb.metadata.papermill.get("exception") in (None, False)
