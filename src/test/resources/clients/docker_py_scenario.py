"""docker-py (the Docker SDK for Python) against Caisson: the calls a Python program makes.

Run with DOCKER_HOST=unix://<socket> and the busybox fixture tar as the only argument.
Prints each check; exits 1 at the end if any failed (all checks run, so one run shows every
mismatch). Works with docker-py 5 (Debian's python3-docker) and 7. Removes what it creates.
"""
import io
import os
import socket
import struct
import sys
import tarfile
import time
import traceback

import docker
import docker.errors

failures = []


def check(what, got, want):
    ok = got == want
    print(("ok   " if ok else "FAIL ") + what + ("" if ok else ": got %r, want %r" % (got, want)), flush=True)
    if not ok:
        failures.append(what)


def raises(what, exc_type, fn, status=None):
    """Checks that fn raises exc_type (and, for API errors, the HTTP status)."""
    try:
        fn()
    except exc_type as e:
        code = getattr(e, "status_code", None)
        check(what, (type(e).__name__, code) if status else type(e).__name__,
              (exc_type.__name__, status) if status else exc_type.__name__)
        return e
    except Exception as e:  # the wrong exception is a failure with its text
        check(what, "%s: %s" % (type(e).__name__, e), exc_type.__name__)
        return e
    check(what, "no exception", exc_type.__name__)
    return None


def read_frames(sock, want_bytes, timeout=10):
    """Reads Docker's multiplexed frames from a raw socket until want_bytes of payload came."""
    sock.settimeout(timeout)
    buf, payload = b"", {1: b"", 2: b""}
    while sum(len(p) for p in payload.values()) < want_bytes:
        chunk = sock.recv(4096)
        if not chunk:
            break
        buf += chunk
        while len(buf) >= 8:
            stream, size = struct.unpack(">BxxxL", buf[:8])
            if len(buf) < 8 + size:
                break
            payload[stream] = payload.get(stream, b"") + buf[8:8 + size]
            buf = buf[8 + size:]
    return payload


def raw_upgrade(path, body=b""):
    """A hijacked POST on a socket of its own: everything after the 101 answer, until EOF.

    docker-py reads the 101 answer through a buffer and then reads the raw socket, so output
    that arrives together with the answer is lost (docker-py issues 2042 and 3332; against
    Docker too). Checks of output that comes at once read it this way instead.
    """
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(10)
        s.connect(os.environ["DOCKER_HOST"][len("unix://"):])
        s.sendall(("POST /v1.41%s HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                   "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (path, len(body))).encode() + body)
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return rest if head.startswith(b"HTTP/1.1 101") else head


def raw_socket(s):
    """attach_socket's result: a SocketIO (docker-py 7) or the socket itself."""
    return getattr(s, "_sock", s)


def main(fixture):
    client = docker.from_env(timeout=60)
    made = []
    try:
        scenario(client, fixture, made)
    finally:
        for c in made:
            try:
                c.remove(force=True)
            except docker.errors.NotFound:
                pass
        for tag in ("bb:py-copy",):
            try:
                client.images.remove(tag)
            except docker.errors.ImageNotFound:
                pass
        client.close()


def scenario(client, fixture, made):
    check("ping", client.ping(), True)
    version = client.version()
    check("version has ApiVersion 1.41", version.get("ApiVersion"), "1.41")
    info = client.info()
    check("info OSType", info.get("OSType"), "linux")

    with open(fixture, "rb") as f:
        loaded = client.images.load(f.read())
    check("images.load returns bb:latest", [t for i in loaded for t in i.tags], ["bb:latest"])
    tags = [t for i in client.images.list() for t in i.tags]
    check("images.list has bb:latest", "bb:latest" in tags, True)
    image = client.images.get("bb:latest")
    check("images.get id", image.id.startswith("sha256:"), True)
    check("image tag", image.tag("bb", "py-copy"), True)
    check("tag visible", "bb:py-copy" in client.images.get("bb:latest").tags, True)
    client.images.remove("bb:py-copy")
    raises("images.get of a missing image", docker.errors.ImageNotFound, lambda: client.images.get("nosuch:img"), 404)
    check("networks.list has none and host", {"none", "host"} <= {n.name for n in client.networks.list()}, True)
    raises("networks.get of a missing network", docker.errors.NotFound, lambda: client.networks.get("nosuch"), 404)

    # detached run, wait and logs
    c = client.containers.run("bb", "sh -c 'echo hi; exit 3'", detach=True)
    made.append(c)
    check("wait StatusCode", c.wait(timeout=30)["StatusCode"], 3)
    check("logs", c.logs(), b"hi\n")
    c.reload()
    check("status after exit", c.status, "exited")
    check("State.ExitCode", c.attrs["State"]["ExitCode"], 3)
    check("container image", c.image.id, image.id)
    check("list(all=True) has it", c.id in [x.id for x in client.containers.list(all=True)], True)
    check("list() leaves it out", c.id in [x.id for x in client.containers.list()], False)
    c.remove()
    made.remove(c)
    raises("get of a removed container", docker.errors.NotFound, lambda: client.containers.get(c.id), 404)

    # foreground run: output returned, non-zero exit raised with stderr, remove=True leaves nothing
    check("run returns output", client.containers.run("bb", "echo out", remove=True), b"out\n")
    check("run with stderr=True", client.containers.run("bb", "sh -c 'echo o; sleep 0.2; echo e >&2'",
                                                        stdout=False, stderr=True, remove=True), b"e\n")
    e = raises("run that fails", docker.errors.ContainerError,
               lambda: client.containers.run("bb", "sh -c 'echo bad >&2; exit 2'", name="py-failing"))
    if isinstance(e, docker.errors.ContainerError):
        check("ContainerError exit_status", e.exit_status, 2)
        check("ContainerError stderr", e.stderr, b"bad\n")
        client.containers.get("py-failing").remove()
    check("remove=True leaves nothing", [x.name for x in client.containers.list(all=True)], [])
    raises("create with a missing image", docker.errors.ImageNotFound,
           lambda: client.containers.create("nosuch:img", "true"), 404)

    # exec in a running container
    box = client.containers.run("bb", "sleep 60", detach=True, name="py-box",
                                environment={"FROM_RUN": "yes"}, labels={"scenario": "docker-py"})
    made.append(box)
    check("running status", box.status in ("created", "running"), True)
    box.reload()
    check("status", box.status, "running")
    check("name", box.name, "py-box")
    check("labels", box.labels, {"scenario": "docker-py"})
    check("get by name", client.containers.get("py-box").id, box.id)
    # exec_run reads through docker-py's hijack, which may lose output that comes at once (see
    # raw_upgrade): the commands wait a moment before they write
    r = box.exec_run("sh -c 'sleep 0.1; echo o; exit 4'")
    check("exec_run exit_code", r.exit_code, 4)
    check("exec_run output", r.output, b"o\n")
    r = box.exec_run("sh -c 'sleep 0.1; echo o; sleep 0.2; echo e >&2'", demux=True)
    check("exec_run demux", r.output, (b"o\n", b"e\n"))
    r = box.exec_run("sh -c 'sleep 0.1; echo $FOO $FROM_RUN; pwd; id -u'", environment={"FOO": "bar"},
                     workdir="/tmp", user="65534")
    check("exec_run env, workdir, user", r.output, b"bar yes\n/tmp\n65534\n")
    r = box.exec_run("sh -c 'sleep 0.1; echo one; sleep 0.3; echo two'", stream=True)
    check("exec_run stream exit_code", r.exit_code, None)
    check("exec_run stream output", b"".join(r.output), b"one\ntwo\n")
    r = box.exec_run("sh -c 'sleep 0.1; tty'", tty=True)
    check("exec_run tty", r.output.startswith(b"/dev/pts/"), True)
    exec_id = client.api.exec_create(box.id, "no-such-binary")["Id"]
    out = raw_upgrade("/exec/%s/start" % exec_id, b'{"Detach": false, "Tty": false}')
    # Docker 20.10 answers 126, newer Dockers 127 (the shell's code for "not found")
    check("exec of a missing binary", (client.api.exec_inspect(exec_id)["ExitCode"] in (126, 127),
                                       b"executable file not found" in out), (True, True))

    # files in and out
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as t:
        body = b"from python\n"
        ti = tarfile.TarInfo("note.txt")
        ti.size = len(body)
        t.addfile(ti, io.BytesIO(body))
    check("put_archive", box.put_archive("/tmp", data.getvalue()), True)
    check("file visible", box.exec_run("sh -c 'sleep 0.1; cat /tmp/note.txt'").output, b"from python\n")
    chunks, stat = box.get_archive("/tmp/note.txt")
    with tarfile.open(fileobj=io.BytesIO(b"".join(chunks))) as t:
        check("get_archive content", t.extractfile("note.txt").read(), b"from python\n")
    check("get_archive stat", (stat["name"], stat["size"]), ("note.txt", 12))

    # lifecycle errors carry Docker's status codes
    raises("remove of a running container", docker.errors.APIError, lambda: box.remove(), 409)
    box.stop(timeout=1)
    box.reload()
    check("stop: exited", box.status, "exited")
    check("stop: SIGKILL after the timeout (pid 1 ignores SIGTERM)", box.attrs["State"]["ExitCode"], 137)
    raises("exec in a stopped container", docker.errors.APIError, lambda: box.exec_run("true"), 409)
    raises("kill of a stopped container", docker.errors.APIError, lambda: box.kill(), 409)
    box.start()
    box.kill(signal="SIGTERM")   # ignored by pid 1
    time.sleep(0.3)
    box.reload()
    check("SIGTERM to pid 1 is ignored", box.status, "running")
    box.kill()
    check("kill: wait", box.wait(timeout=30)["StatusCode"], 137)
    box.remove()
    made.remove(box)
    raises("remove of a missing container", docker.errors.NotFound, lambda: box.remove(), 404)

    # attach: output of a running container until it exits; stdin through attach_socket
    talker = client.containers.run("bb", "sh -c 'echo early; sleep 1; echo late >&2'", detach=True)
    made.append(talker)
    time.sleep(0.3)
    check("attach without stream: nothing", talker.attach(), b"")
    # the replay of logs=1 comes at once: read from a plain socket (see raw_upgrade)
    check("attach logs=1 stream=0: the log so far",
          raw_upgrade("/containers/%s/attach?logs=1&stdout=1&stderr=1" % talker.id),
          b"\x01\0\0\0\0\0\0\x06early\n")
    check("attach stream=True until exit", b"".join(talker.attach(stream=True)), b"late\n")
    check("attach logs=1 after exit, stderr only",
          raw_upgrade("/containers/%s/attach?logs=1&stderr=1" % talker.id),
          b"\x02\0\0\0\0\0\0\x05late\n")
    cat = client.containers.create("bb", "cat", stdin_open=True)
    made.append(cat)
    cat.start()
    s = cat.attach_socket(params={"stdin": 1, "stdout": 1, "stream": 1})
    sock = raw_socket(s)
    sock.sendall(b"ping\n")
    check("attach_socket echo", read_frames(sock, 5)[1], b"ping\n")
    sock.shutdown(socket.SHUT_WR)   # cat sees end of input and exits
    check("cat ends with its input", cat.wait(timeout=30)["StatusCode"], 0)
    s.close()


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except Exception:
        traceback.print_exc()
        failures.append("exception")
    print("%d failed" % len(failures) if failures else "all checks passed", flush=True)
    sys.exit(1 if failures else 0)
