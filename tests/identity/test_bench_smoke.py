"""A small run of the benchmark: both methods run and Zhusan merges no siblings."""

from bench.link.run import main


def test_the_benchmark_runs_both_methods_on_a_small_population(capsys):
    assert main(["--persons", "300", "--quiet"]) == 0
    lines = capsys.readouterr().out.splitlines()
    zhusan = next(line for line in lines if line.startswith("zhusan"))
    assert any(line.startswith("splink") for line in lines)
    f1, sibling_merges = float(zhusan.split()[-5]), int(zhusan.split()[-2])
    assert f1 > 0.9
    assert sibling_merges == 0
