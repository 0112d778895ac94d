#!/usr/bin/python3
"""The packages for microcontroller build systems, checked without the tools (issue 17, item 3).

PlatformIO, the Arduino tools and Zephyr are not packaged in Debian, so this checks what can
be checked here:

1. each manifest parses strictly (library.json as JSON with no duplicate or unknown keys;
   library.properties with the Arduino 1.5 specification's required keys; zephyr/module.yml
   as YAML, zephyr/Kconfig and zephyr/CMakeLists.txt for the symbols and commands we use),
   and every file or folder it names exists; the versions equal the CMake project's;
2. each example compiles (-c, no link) with arm-none-eabi-g++ for a Cortex-M4F using only the
   include paths and flags read from its manifest, plus Eigen's include directory and the
   M4F flags (-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard). Stricter flags
   are added that can only make the check harder: -fno-exceptions -fno-rtti -Wall -Wextra
   -Werror. The objects must not reference an allocator (malloc, operator new, ...).

The honest limit: Arduino.h and Zephyr's headers are STAND-INS (tests/packaging/stand_ins/),
declaring only what the examples use. The framework part of each example is a few lines
(setup/loop or main, and printing); the network part is plain C++ over the library, which is
what the compile check is about. Eigen is Debian's (the manifests name an Arduino/PlatformIO
port of Eigen 3.4, which the tools would fetch). No board core, no Zephyr build, no link.

Exit status: 0 all passed, 1 a check failed, 77 manifests fine but no arm-none-eabi-g++
(the compile checks were skipped; ctest reports the test as skipped).
"""

import argparse
import configparser
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

M4F_FLAGS = ["-mcpu=cortex-m4", "-mthumb", "-mfpu=fpv4-sp-d16", "-mfloat-abi=hard"]
STRICT_FLAGS = ["-fno-exceptions", "-fno-rtti", "-Wall", "-Wextra", "-Werror", "-O2"]
SOURCE_EXTENSIONS = (".c", ".cc", ".cpp", ".cxx", ".S", ".s", ".asm")
# An object that references any of these would need a heap (the library promises none).
ALLOCATOR_SYMBOLS = re.compile(r"^(malloc|calloc|realloc|free|_sbrk|_Zn[wa]j.*|_Zd[la]Pv.*)$")


class CheckFailed(Exception):
    pass


def require(condition, message):
    if not condition:
        raise CheckFailed(message)


def project_version(root):
    with open(os.path.join(root, "CMakeLists.txt"), encoding="utf-8") as f:
        m = re.search(r"project\(\s*edgechaos\s+VERSION\s+([0-9.]+)", f.read())
    require(m is not None, "CMakeLists.txt: no project(edgechaos VERSION ...)")
    return m.group(1)


def within(root, relative, what):
    """The absolute path of a path a manifest names, which must stay inside the repository."""
    require(isinstance(relative, str) and relative != "", f"{what}: not a non-empty string")
    require(not os.path.isabs(relative), f"{what}: {relative!r} is absolute")
    path = os.path.normpath(os.path.join(root, relative))
    require(path == root or path.startswith(root + os.sep), f"{what}: {relative!r} leaves the repository")
    return path


def sources_under(folder):
    found = []
    for base, _, files in os.walk(folder):
        found += [os.path.join(base, f) for f in files if f.endswith(SOURCE_EXTENSIONS)]
    return sorted(found)


class Compiler:
    def __init__(self, cxx, nm, eigen, work):
        self.cxx, self.nm, self.eigen, self.work = cxx, nm, eigen, work
        self.count = 0

    def compile(self, label, source, flags):
        """Compiles one source for the M4F with `flags` (from a manifest) and checks the object."""
        self.count += 1
        obj = os.path.join(self.work, f"{label}_{self.count}.o")
        cmd = [self.cxx] + M4F_FLAGS + STRICT_FLAGS + flags + ["-isystem", self.eigen, "-c", source, "-o", obj]
        result = subprocess.run(cmd, capture_output=True, text=True)
        require(result.returncode == 0,
                f"{label}: {os.path.basename(source)} does not compile:\n  {shlex.join(cmd)}\n{result.stderr}")
        undefined = subprocess.run([self.nm, "-u", obj], capture_output=True, text=True, check=True).stdout.split()
        heap = sorted(s for s in undefined if ALLOCATOR_SYMBOLS.match(s))
        require(not heap, f"{label}: {os.path.basename(source)} references an allocator: {', '.join(heap)}")
        print(f"  compiled {os.path.relpath(source, self.work) if source.startswith(self.work) else source}")


# ---------------------------------------------------------------- PlatformIO: library.json

PIO_FIELDS = {"$schema", "name", "version", "description", "keywords", "homepage", "repository", "authors",
              "license", "frameworks", "platforms", "headers", "examples", "dependencies", "export", "scripts",
              "build"}
PIO_BUILD_FIELDS = {"flags", "unflags", "includeDir", "srcDir", "srcFilter", "extraScript", "libArchive",
                    "libLDFMode", "libCompatMode", "builder"}


def strict_json(path):
    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        dup = {k for k in keys if keys.count(k) > 1}
        require(not dup, f"{path}: duplicate keys {sorted(dup)}")
        return dict(pairs)

    with open(path, encoding="utf-8") as f:
        try:
            return json.load(f, object_pairs_hook=no_duplicates)
        except json.JSONDecodeError as e:
            raise CheckFailed(f"{path}: not JSON: {e}")


def string_list(value, what):
    """PlatformIO takes a string or a list of strings in several fields."""
    if isinstance(value, str):
        value = [value]
    require(isinstance(value, list) and value and all(isinstance(v, str) and v for v in value),
            f"{what}: not a non-empty string or list of strings")
    return value


def check_platformio(root, version, compiler, stand_ins):
    print("PlatformIO: library.json")
    manifest = strict_json(os.path.join(root, "library.json"))
    require(set(manifest) <= PIO_FIELDS, f"library.json: unknown fields {sorted(set(manifest) - PIO_FIELDS)}")
    require(manifest.get("name") == "edgechaos", "library.json: name is not edgechaos")
    require(manifest.get("version") == version, f"library.json: version {manifest.get('version')} != {version}")
    for field in ("description", "keywords", "authors", "frameworks", "platforms", "dependencies", "build"):
        require(field in manifest, f"library.json: no {field}")
    require(isinstance(manifest["description"], str) and manifest["description"], "library.json: empty description")
    string_list(manifest["keywords"], "library.json keywords")

    build = manifest["build"]
    require(isinstance(build, dict) and set(build) <= PIO_BUILD_FIELDS,
            f"library.json: build has unknown fields {sorted(set(build) - PIO_BUILD_FIELDS)}")
    include_dir = within(root, build.get("includeDir"), "library.json build.includeDir")
    src_dir = within(root, build.get("srcDir"), "library.json build.srcDir")
    require(os.path.isfile(os.path.join(include_dir, "edgechaos", "edgechaos.hpp")),
            "library.json build.includeDir: no edgechaos/edgechaos.hpp under it")
    require(os.path.isdir(src_dir), "library.json build.srcDir: not a folder")
    # PlatformIO compiles every source under srcDir: header-only means none there.
    require(not sources_under(src_dir), f"library.json build.srcDir holds sources: {sources_under(src_dir)[:3]}")
    flags = string_list(build.get("flags"), "library.json build.flags")
    flags = [t for f in flags for t in shlex.split(f)]
    require(all(t.startswith("-") for t in flags), f"library.json build.flags: not all flags: {flags}")
    for header in string_list(manifest.get("headers", []) or ["edgechaos/edgechaos.hpp"], "library.json headers"):
        require(os.path.isfile(os.path.join(include_dir, header)), f"library.json headers: no {header}")

    for dep in manifest["dependencies"]:
        require(isinstance(dep, dict) and isinstance(dep.get("name"), str) and isinstance(dep.get("version"), str),
                f"library.json dependencies: {dep!r} needs a name and a version")

    export = manifest.get("export", {})
    require(set(export) <= {"include", "exclude"}, "library.json export: only include/exclude")
    for entry in export.get("include", []):
        require(os.path.exists(within(root, entry, "library.json export.include")),
                f"library.json export.include: {entry} does not exist")
    exported = export.get("include", [])
    require(build["includeDir"] in exported or any(build["includeDir"].startswith(e + "/") for e in exported),
            "library.json export.include leaves out build.includeDir")

    examples = manifest.get("examples", [])
    require(isinstance(examples, list) and examples, "library.json: no examples")
    for example in examples:
        require(set(example) == {"name", "base", "files"}, f"library.json examples: {example!r}")
        base = within(root, example["base"], "library.json examples.base")
        require(os.path.isdir(base), f"library.json examples: no folder {example['base']}")
        for f in example["files"]:
            require(os.path.isfile(within(base, f, "library.json examples.files")),
                    f"library.json examples: no {example['base']}/{f}")
        require(any(e == example["base"] or example["base"].startswith(e + "/") for e in exported),
                f"library.json export.include leaves out the example {example['base']}")
        check_platformio_example(root, base, flags, example["files"], include_dir, src_dir, compiler, stand_ins)


def check_platformio_example(root, base, lib_flags, files, include_dir, src_dir, compiler, stand_ins):
    ini = configparser.ConfigParser(strict=True, interpolation=None)
    ini_path = os.path.join(base, "platformio.ini")
    require(ini.read(ini_path, encoding="utf-8") == [ini_path], f"{ini_path}: unreadable")
    envs = [s for s in ini.sections() if s.startswith("env:")]
    require(envs, f"{ini_path}: no [env:...]")
    for env in envs:
        for key in ("platform", "board", "framework", "lib_deps"):
            require(ini.has_option(env, key), f"{ini_path} [{env}]: no {key}")
        # lib_deps takes edgechaos from this checkout (name=symlink://relative/path).
        deps = ini.get(env, "lib_deps").split()
        local = [d.split("symlink://", 1)[1] for d in deps if "symlink://" in d]
        require(local and os.path.normpath(os.path.join(base, local[0])) == root,
                f"{ini_path} [{env}]: lib_deps does not point at this checkout")
        # Header-only: the library's flags reach only its own (empty) build, so the project
        # must state them too.
        project_flags = shlex.split(ini.get(env, "build_flags", fallback=""))
        missing = [f for f in lib_flags if f not in project_flags]
        require(not missing, f"{ini_path} [{env}]: build_flags lacks the library's {missing}")
        frameworks = ini.get(env, "framework").split(",")
        require([f.strip() for f in frameworks] == ["arduino"],
                f"{ini_path} [{env}]: only framework = arduino has a stand-in here")
    # PlatformIO's include path: the library's includeDir and srcDir, the project's src/,
    # and the framework (here the stand-in Arduino.h).
    flags = ["-I", include_dir, "-I", src_dir, "-I", os.path.join(base, "src"), "-I", stand_ins] + lib_flags
    sources = [os.path.join(base, f) for f in files if f.endswith(SOURCE_EXTENSIONS)]
    require(sources, f"{base}: no sources among the example's files")
    require(sorted(sources) == sources_under(os.path.join(base, "src")),
            f"{base}: library.json examples.files does not list every source of src/")
    if compiler:
        for source in sources:
            compiler.compile("platformio", source, flags)


# ---------------------------------------------------------------- Arduino: library.properties

ARDUINO_REQUIRED = ("name", "version", "author", "maintainer", "sentence", "paragraph", "category", "url",
                    "architectures")
ARDUINO_OPTIONAL = ("depends", "dot_a_linkage", "includes", "precompiled", "ldflags", "license")
ARDUINO_CATEGORIES = {"Display", "Communication", "Signal Input/Output", "Sensors", "Device Control", "Timing",
                      "Data Storage", "Data Processing", "Other"}


def read_properties(path):
    props = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            require("=" in line, f"{path}:{number}: not key=value")
            key, value = line.split("=", 1)
            require(key == key.strip() and key, f"{path}:{number}: bad key {key!r}")
            require(key not in props, f"{path}:{number}: {key} twice")
            props[key] = value.strip()
    return props


def check_arduino(root, version, compiler, stand_ins, work):
    print("Arduino: ports/arduino/library.properties, tools/package_arduino.sh")
    out = os.path.join(work, "arduino")
    shutil.rmtree(out, ignore_errors=True)
    script = os.path.join(root, "tools", "package_arduino.sh")
    result = subprocess.run(["/bin/sh", script, out], capture_output=True, text=True)
    require(result.returncode == 0, f"tools/package_arduino.sh failed:\n{result.stderr}")
    pkg = os.path.join(out, "edgechaos")

    props = read_properties(os.path.join(pkg, "library.properties"))
    missing = [k for k in ARDUINO_REQUIRED if not props.get(k)]
    require(not missing, f"library.properties: missing or empty {missing}")
    unknown = set(props) - set(ARDUINO_REQUIRED) - set(ARDUINO_OPTIONAL)
    require(not unknown, f"library.properties: unknown keys {sorted(unknown)}")
    require(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 _.\-]*", props["name"]) is not None,
            f"library.properties: name {props['name']!r} has characters the specification forbids")
    require(props["version"] == version, f"library.properties: version {props['version']} != {version}")
    require(props["category"] in ARDUINO_CATEGORIES, f"library.properties: category {props['category']!r}")
    require(all(a.strip() for a in props["architectures"].split(",")), "library.properties: empty architecture")
    for dep in props.get("depends", "").split(","):
        require(dep.strip() or not props.get("depends"), "library.properties: empty entry in depends")

    # The 1.5 layout: library.properties and src/ at the root, examples/<X>/<X>.ino.
    src = os.path.join(pkg, "src")
    require(os.path.isdir(src), "Arduino package: no src/")
    for header in props.get("includes", "").split(","):
        if header.strip():
            require(os.path.isfile(os.path.join(src, header.strip())), f"library.properties includes: no src/{header}")
    require(os.path.isfile(os.path.join(src, "edgechaos", "edgechaos.hpp")), "Arduino package: no src/edgechaos/")
    require(not os.path.exists(os.path.join(src, "edgechaos", "host")), "Arduino package: ships host/")
    # The IDE compiles every source under src/: header-only means none.
    require(not sources_under(src), f"Arduino package: sources under src/: {sources_under(src)[:3]}")
    sketches = sorted(os.listdir(os.path.join(pkg, "examples")))
    require(sketches, "Arduino package: no examples")
    for sketch in sketches:
        folder = os.path.join(pkg, "examples", sketch)
        ino = os.path.join(folder, sketch + ".ino")
        require(os.path.isfile(ino), f"Arduino package: examples/{sketch}/ has no {sketch}.ino")
        if not compiler:
            continue
        # What the IDE does with the .ino, less the generated prototypes (the sketch needs none):
        # Arduino.h first, then the sketch as C++. The library's flags: none (the format has no
        # compile flags); the standard is the core's, and the library needs C++17.
        sketch_cpp = os.path.join(work, f"{sketch}.ino.cpp")
        with open(ino, encoding="utf-8") as f, open(sketch_cpp, "w", encoding="utf-8") as g:
            g.write(f'#include <Arduino.h>\n#line 1 "{ino}"\n' + f.read())
        flags = ["-std=gnu++17", "-I", src, "-I", folder, "-I", stand_ins]
        for source in [sketch_cpp] + sources_under(folder):
            compiler.compile("arduino", source, flags)


# ---------------------------------------------------------------- Zephyr: module.yml, Kconfig, CMake


def read_module_yml(path):
    try:
        import yaml  # python3-yaml (tools/packages.txt)
    except ImportError:
        raise CheckFailed("python3-yaml is missing (tools/deps.sh installs it)")
    with open(path, encoding="utf-8") as f:
        try:
            return yaml.safe_load(f)
        except yaml.YAMLError as e:
            raise CheckFailed(f"{path}: not YAML: {e}")


def kconfig_symbols(path):
    """config NAME blocks of a Kconfig file: {name: {"type": ..., "default": ...}}; checks if/endif."""
    symbols, current, depth = {}, None, 0
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            words = line.split(None, 1)
            if words[0] in ("config", "menuconfig"):
                require(len(words) == 2 and re.fullmatch(r"[A-Z0-9_]+", words[1]), f"{path}:{number}: {line}")
                require(words[1] not in symbols, f"{path}:{number}: {words[1]} twice")
                current = symbols[words[1]] = {}
            elif words[0] == "if":
                depth += 1
            elif words[0] == "endif":
                depth -= 1
                require(depth >= 0, f"{path}:{number}: endif without if")
            elif words[0] in ("bool", "string", "int", "hex", "tristate") and current is not None:
                current["type"] = words[0]
            elif words[0] == "default" and current is not None:
                current["default"] = words[1] if len(words) > 1 else ""
    require(depth == 0, f"{path}: if without endif")
    return symbols


def cmake_commands(path):
    """(name, [arguments]) of each command in a CMake file: enough of the syntax for ours
    (comments, quoted and unquoted arguments, no bracket arguments)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    require("[[" not in text and "[=" not in text, f"{path}: bracket arguments are not parsed here")
    text = re.sub(r'#[^\n]*', "", re.sub(r'"(?:[^"\\]|\\.)*"', lambda m: m.group(0).replace("#", "\0"), text))
    commands = []
    for m in re.finditer(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(((?:[^()]|\([^()]*\))*)\)", text):
        args = shlex.split(m.group(2).replace("\0", "#"), posix=True)
        commands.append((m.group(1).lower(), args))
    return commands


def check_zephyr(root, version, compiler, stand_ins):
    print("Zephyr: zephyr/module.yml, zephyr/Kconfig, zephyr/CMakeLists.txt")
    module = read_module_yml(os.path.join(root, "zephyr", "module.yml"))
    require(isinstance(module, dict) and set(module) == {"name", "build"}, f"module.yml: {module!r}")
    require(module["name"] == "edgechaos", "module.yml: name is not edgechaos")
    build = module["build"]
    require(isinstance(build, dict) and set(build) == {"cmake", "kconfig"}, f"module.yml build: {build!r}")
    cmake_dir = within(root, build["cmake"], "module.yml build.cmake")
    require(os.path.isfile(os.path.join(cmake_dir, "CMakeLists.txt")), "module.yml build.cmake: no CMakeLists.txt")
    kconfig = within(root, build["kconfig"], "module.yml build.kconfig")
    require(os.path.isfile(kconfig), "module.yml build.kconfig: no such file")

    symbols = kconfig_symbols(kconfig)
    for name, kind in (("EDGECHAOS", "bool"), ("EDGECHAOS_EIGEN_INCLUDE_DIR", "string"),
                       ("APP_LINK_WITH_EDGECHAOS", "bool")):
        require(symbols.get(name, {}).get("type") == kind, f"Kconfig: no {kind} {name}")
    # Zephyr links `app` with the interface library only when CONFIG_APP_LINK_WITH_<NAME> is y.
    require(symbols["APP_LINK_WITH_EDGECHAOS"].get("default") == "y", "Kconfig: APP_LINK_WITH_EDGECHAOS not default y")

    # The module's CMake: the interface library, its include directories and flags.
    include_dirs, flags, guarded, eigen_var = [], [], False, None
    for name, args in cmake_commands(os.path.join(cmake_dir, "CMakeLists.txt")):
        if name == "if" and args == ["CONFIG_EDGECHAOS"]:
            guarded = True
        elif name == "zephyr_interface_library_named":
            require(guarded and args == [module["name"]], "zephyr/CMakeLists.txt: interface library not edgechaos under if(CONFIG_EDGECHAOS)")
        elif name == "target_include_directories" and args[:1] == ["edgechaos"]:
            rest = [a for a in args[1:] if a not in ("SYSTEM", "INTERFACE")]
            for arg in rest:
                if arg.startswith("${ZEPHYR_CURRENT_MODULE_DIR}/"):
                    path = within(root, arg.split("/", 1)[1], "zephyr/CMakeLists.txt include directory")
                    require(os.path.isdir(path), f"zephyr/CMakeLists.txt: no folder {arg}")
                    include_dirs += ["-I", path]
                else:
                    # Anything else must be Eigen's directory, which this check supplies.
                    require(re.fullmatch(r"\$\{_[a-z_]*eigen[a-z_]*\}", arg) and "SYSTEM" in args,
                            f"zephyr/CMakeLists.txt: include directory {arg} is not understood here")
                    eigen_var = arg
        elif name == "target_compile_options" and args[:1] == ["edgechaos"]:
            flags += [a for a in args[1:] if a != "INTERFACE"]
        elif name == "target_compile_definitions" and args[:1] == ["edgechaos"]:
            flags += ["-D" + a for a in args[1:] if a != "INTERFACE"]
    require(include_dirs, "zephyr/CMakeLists.txt: no include directory for edgechaos")
    require(eigen_var is not None, "zephyr/CMakeLists.txt: Eigen's include directory is not added")
    require(all(f.startswith("-") for f in flags), f"zephyr/CMakeLists.txt: odd flags {flags}")

    apps = sorted(os.listdir(os.path.join(root, "examples", "zephyr")))
    require(apps, "no Zephyr example in examples/zephyr")
    for app in apps:
        check_zephyr_app(root, os.path.join(root, "examples", "zephyr", app), symbols, include_dirs + flags,
                         compiler, stand_ins)


CPP_STANDARDS = {"CONFIG_STD_CPP17": "-std=c++17", "CONFIG_STD_CPP2A": "-std=c++2a", "CONFIG_STD_CPP20": "-std=c++20",
                 "CONFIG_STD_CPP2B": "-std=c++2b"}


def check_zephyr_app(root, app, symbols, module_flags, compiler, stand_ins):
    conf = {}
    with open(os.path.join(app, "prj.conf"), encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            m = re.fullmatch(r"(CONFIG_[A-Z0-9_]+)=(.*)", line)
            require(m is not None, f"{app}/prj.conf:{number}: not CONFIG_X=value")
            require(m.group(1) not in conf, f"{app}/prj.conf:{number}: {m.group(1)} twice")
            conf[m.group(1)] = m.group(2)
    for key in ("CONFIG_CPP", "CONFIG_EDGECHAOS", "CONFIG_REQUIRES_FULL_LIBCPP"):
        require(conf.get(key) == "y", f"{app}/prj.conf: {key}=y missing")
    for key in conf:  # our own symbols must exist (a typo would be dropped with a warning)
        if key.startswith("CONFIG_EDGECHAOS"):
            require(key[len("CONFIG_"):] in symbols, f"{app}/prj.conf: {key} is not in zephyr/Kconfig")
    standard = [CPP_STANDARDS[k] for k in CPP_STANDARDS if conf.get(k) == "y"]
    require(len(standard) == 1, f"{app}/prj.conf: needs exactly one of {sorted(CPP_STANDARDS)} (C++17 or newer)")

    sources = []
    commands = cmake_commands(os.path.join(app, "CMakeLists.txt"))
    require(any(n == "find_package" and a[:1] == ["Zephyr"] for n, a in commands),
            f"{app}/CMakeLists.txt: no find_package(Zephyr)")
    for name, args in commands:
        if name == "target_sources" and args[:1] == ["app"]:
            sources += [os.path.join(app, a) for a in args[1:] if a not in ("PRIVATE", "PUBLIC", "INTERFACE")]
    require(sources, f"{app}/CMakeLists.txt: no target_sources(app ...)")
    for source in sources:
        require(os.path.isfile(source), f"{app}/CMakeLists.txt: no {source}")
    require(sorted(s for s in sources if s.endswith(SOURCE_EXTENSIONS)) == sources_under(app),
            f"{app}: target_sources does not list every source")
    if compiler:
        for source in sources:
            compiler.compile("zephyr", source, standard + module_flags + ["-I", stand_ins])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", required=True, help="the repository")
    parser.add_argument("--eigen", required=True, help="Eigen 3.4's include directory (holds Eigen/Core)")
    parser.add_argument("--work", required=True, help="a scratch folder (emptied)")
    parser.add_argument("--cxx", default=shutil.which("arm-none-eabi-g++") or "", help="arm-none-eabi-g++")
    args = parser.parse_args()
    root = os.path.realpath(args.root)
    stand_ins = os.path.join(os.path.dirname(os.path.realpath(__file__)), "stand_ins")
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)

    compiler = None
    if args.cxx:
        nm = os.path.join(os.path.dirname(args.cxx), "arm-none-eabi-nm")
        require(os.path.isfile(os.path.join(args.eigen, "Eigen", "Core")), f"no Eigen/Core under {args.eigen}")
        compiler = Compiler(args.cxx, nm if os.path.isfile(nm) else shutil.which("arm-none-eabi-nm"), args.eigen,
                            args.work)
    try:
        version = project_version(root)
        check_platformio(root, version, compiler, stand_ins)
        check_arduino(root, version, compiler, stand_ins, args.work)
        check_zephyr(root, version, compiler, stand_ins)
    except CheckFailed as e:
        print(f"FAILED: {e}", file=sys.stderr)
        return 1
    for manifest, url in (("library.json", "example.invalid"), ("ports/arduino/library.properties", "example.invalid")):
        with open(os.path.join(root, manifest), encoding="utf-8") as f:
            if url in f.read():
                print(f"note: {manifest} still has the placeholder repository URL ({url})")
    if not compiler:
        print("SKIPPED the compile checks: no arm-none-eabi-g++ (the manifests passed)")
        return 77
    print(f"all manifests passed; {compiler.count} sources compiled for the Cortex-M4F")
    return 0


if __name__ == "__main__":
    sys.exit(main())
