"""End-to-end: `godmode run` executes the papermill pipelines into a run folder, renders self-contained HTML
reports, and the reports render in headless Chromium (plotly figures drawn, no error on the page)."""
import html, json, re, shutil, subprocess, sys
from pathlib import Path

import nbformat
import pytest

from godmode.cli import main
from godmode.pipeline import PIPELINES, external_scripts

REPO = Path(__file__).resolve().parents[1]
SHOTS = REPO / "test_outputs"
SEED, STEPS = 3, 12  # not the debug preset's defaults (seed 0, 20 steps); two world-model members, so the reports draw their disagreement
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--mute-audio"]
MIN_FIGURES = {"train": 1, "analyze": 10, "backtest": 3}


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    "One `godmode run` at the debug preset with a non-default seed and step count, and an ensemble of two members."
    out = tmp_path_factory.mktemp("reports")
    code = main(["run", "--preset", "debug", "--seed", str(SEED), "--steps", str(STEPS), "--out", str(out),
                 "--run-id", "test-run", "--quiet", "-o", "model.ensemble=2"])
    assert code == 0, "godmode run failed"
    return out / "test-run"


def chromium(page: Path, user_data: Path, *args: str, timeout: int = 120) -> str:
    "Run headless Chromium on a local page with a fresh profile; its stdout."
    if CHROMIUM is None: pytest.fail("chromium is not installed (Debian: apt-get install -y chromium)")
    cmd = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={user_data}", *args, page.resolve().as_uri()]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    assert res.returncode == 0, f"chromium failed ({res.returncode}): {res.stderr[-2000:]}"
    return res.stdout


def visible_text(dom: str) -> str:
    "The text of a page without its scripts, styles and tags."
    dom = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", dom))


def test_pipelines_ran_with_parameters(run_dir):
    "Papermill injected the non-default parameters into train; analyze and backtest read the train step's files."
    train_nb = nbformat.read(run_dir / "train.ipynb", as_version=4)
    injected = [c for c in train_nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and f"seed = {SEED}" in injected[0].source and f"steps = {STEPS}" in injected[0].source
    cfg = json.loads((run_dir / "config.json").read_text())
    assert (cfg["preset"], cfg["train"]["seed"], cfg["train"]["steps"]) == ("debug", SEED, STEPS)
    assert list((run_dir / "checkpoints").glob("step_*.pt")) and (run_dir / "metrics.jsonl").exists()
    for step in PIPELINES:
        assert (run_dir / f"{step}.ipynb").exists() and (run_dir / f"{step}.json").exists()
    run = json.loads((run_dir / "run.json").read_text())
    assert run["status"] == {s: "ok" for s in PIPELINES}
    analysis = json.loads((run_dir / "analyze.json").read_text())
    assert analysis["k"] >= 2 and -1 <= analysis["ari"] <= 1  # the planted market has a truth to compare with
    backtest = json.loads((run_dir / "backtest.json").read_text())
    assert {"sharpe_actor", "sharpe_mcts", "sharpe_random", "sharpe_buy_and_hold"} <= set(backtest)


def test_html_is_self_contained(run_dir):
    "No code, no script from the network, plotly.js inline exactly once per page, and prose that explains."
    for step in PIPELINES:
        page = (run_dir / f"{step}.html").read_text(encoding="utf-8")
        assert external_scripts(page) == []
        assert not re.search(r"<script[^>]*\ssrc=[\"'](https?:)?//", page)
        assert page.count("window.PlotlyConfig = {MathJaxConfig") == 1, "plotly.js must be inlined once"
        assert "use_report_renderer(" not in page and "import " not in visible_text(page)  # no code cells
        assert "fingerprint" in page and "Config:" in page  # what was run and with which config
    analyze = visible_text((run_dir / "analyze.html").read_text(encoding="utf-8"))
    for words in ("How the number of regimes was chosen", "Regime profiles", "Adjusted Rand index", "World-model quality"):
        assert words in analyze


def test_reports_render_in_chromium(run_dir, tmp_path):
    "Every page draws its plotly figures in headless Chromium and shows no error; a screenshot is kept."
    SHOTS.mkdir(exist_ok=True)
    for step in PIPELINES:
        page = run_dir / f"{step}.html"
        dom = chromium(page, tmp_path / f"profile-{step}", "--virtual-time-budget=15000", "--dump-dom")
        plots = len(re.findall(r'class="[^"]*\bjs-plotly-plot\b', dom))
        svgs = len(re.findall(r'class="[^"]*\bmain-svg\b', dom))
        assert plots >= MIN_FIGURES[step], f"{step}: {plots} plotly figures rendered, expected at least {MIN_FIGURES[step]}"
        assert svgs >= plots, f"{step}: {svgs} plot surfaces for {plots} figures"
        text = visible_text(dom)
        assert "Traceback" not in text and not re.search(r"\b[A-Z]\w*Error\b", text), f"{step}: the page shows an error"
        assert 'data-mime-type="application/vnd.jupyter.stderr"' not in dom
        if step == "analyze":   # the classical anchors' section, its ARI table filled with numbers
            assert "Against classical models" in text
            for row in ("HMM causal (k = 4)", "HMM smoothed (k = 4)", "HMM on range and volume, causal (k = 4)", "world model, causal"):
                assert re.search(re.escape(row) + r"[^0-9-]{0,80}\d+\s+-?\d\.\d{3}\s+-?\d\.\d{3}", text), f"analyze: no ARI figures in the row {row!r}"
            assert re.search(r"GARCH\(1,1\)\s+-?\d+\.\d{4}", text), "analyze: the forecast table has no GARCH row"
    shot = SHOTS / "analyze_report.png"
    shot.unlink(missing_ok=True)
    chromium(run_dir / "analyze.html", tmp_path / "profile-shot", "--virtual-time-budget=15000", "--window-size=1280,4000",
             f"--screenshot={shot}")
    assert shot.exists() and shot.stat().st_size > 20_000


def test_index_and_rerender(run_dir, capsys):
    "The index lists the run with its headline numbers; `godmode report` renders the pages again."
    index = (run_dir.parent / "index.html").read_text(encoding="utf-8")
    assert "test-run/analyze.html" in index and "test-run/backtest.html" in index and "debug" in index
    for step in PIPELINES: (run_dir / f"{step}.html").unlink()
    assert main(["report", str(run_dir)]) == 0
    assert all((run_dir / f"{s}.html").exists() for s in PIPELINES)
    assert "rendered" in capsys.readouterr().out


def test_failed_step_keeps_notebook_with_error(tmp_path, capsys):
    "A pipeline that fails leaves its executed notebook with the error, and the command says where it is."
    code = main(["run", "--preset", "debug", "-o", "data.synth_bars=40", "--out", str(tmp_path / "reports"), "--run-id", "bad",
                 "--quiet", "--only", "train"])   # too few bars for the features: fails inside the train notebook
    assert code == 1
    err = capsys.readouterr().err
    nb_path = tmp_path / "reports" / "bad" / "train.ipynb"
    assert "the train pipeline failed" in err and str(nb_path) in err
    nb = nbformat.read(nb_path, as_version=4)
    assert any(o.get("output_type") == "error" for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert json.loads((tmp_path / "reports" / "bad" / "run.json").read_text())["status"] == {"train": "failed"}
    assert (tmp_path / "reports" / "bad" / "train.html").exists()


def test_malformed_data_refused_before_any_pipeline(tmp_path, capsys):
    "A data file the loader refuses stops `godmode run` at once (status 2, the file named), before a run folder exists."
    bad = tmp_path / "bars.csv"
    bad.write_text("when,price\n2020-01-01 00:00,1\n")
    code = main(["run", "--preset", "debug", "--data", str(bad), "--out", str(tmp_path / "reports"), "--run-id", "bad", "--quiet"])
    assert code == 2
    assert "bars.csv" in capsys.readouterr().err
    assert not (tmp_path / "reports" / "bad").exists()


def test_console_script():
    "The `godmode` console script is installed and answers."
    exe = Path(sys.executable).with_name("godmode")
    res = subprocess.run([str(exe) if exe.exists() else "godmode", "run", "--help"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and "--preset" in res.stdout and "--data" in res.stdout
