# The native module for `pip install`: the same sources CMake builds (ports/python/src),
# compiled against the checkout's headers. Eigen comes from the system (Debian:
# libeigen3-dev) or from EIGEN3_INCLUDE_DIR.
import glob
import os

from pybind11.setup_helpers import Pybind11Extension, build_ext
from setuptools import setup

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", ".."))
eigen = os.environ.get("EIGEN3_INCLUDE_DIR", "/usr/include/eigen3")
if not os.path.isfile(os.path.join(eigen, "Eigen", "Core")):
    raise SystemExit(f"edgechaos: Eigen 3.4 not found in {eigen}; set EIGEN3_INCLUDE_DIR")

sources = sorted(os.path.relpath(p, here) for p in glob.glob(os.path.join(here, "src", "*.cpp")))
ext = Pybind11Extension(
    "edgechaos._edgechaos",
    sources,
    include_dirs=[os.path.join(root, "lib", "include"), os.path.join(root, "ports", "desktop", "include"), eigen],
    cxx_std=17,
    extra_compile_args=["-O2", "-fno-math-errno"],
    libraries=["z"],  # host/npz_reader.hpp inflates with zlib
)

setup(ext_modules=[ext], cmdclass={"build_ext": build_ext})
