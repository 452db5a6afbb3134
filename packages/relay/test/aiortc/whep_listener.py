"""WHEP listener on aiortc (an independent WebRTC stack): receives Opus from the relay and decodes it.

Usage: whep_listener.py <whep-url> <bearer-token> <seconds>
Prints one JSON line: {"status", "codec", "frames", "samples", "rms", "deleted"}.
"""
import asyncio
import json
import sys
import urllib.error
import urllib.request

from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription


def http(method, url, token, body=None, content_type=None):
    req = urllib.request.Request(url, data=body, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    if content_type:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read().decode(), r.headers.get("Location")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), None


async def main(url, token, seconds):
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    pc.addTransceiver("audio", direction="recvonly")
    result = {"status": 0, "codec": None, "frames": 0, "samples": 0, "rms": 0.0, "deleted": None}
    done = asyncio.Event()

    @pc.on("track")
    def on_track(track):
        async def pull():
            energy = 0.0
            count = 0
            try:
                while True:
                    frame = await asyncio.wait_for(track.recv(), timeout=seconds)
                    result["frames"] += 1
                    samples = frame.to_ndarray().astype("float64") / 32768.0
                    result["samples"] += frame.samples
                    energy += float((samples**2).sum())
                    count += samples.size
                    result["rms"] = (energy / count) ** 0.5 if count else 0.0
            except Exception:
                pass
            finally:
                done.set()

        asyncio.ensure_future(pull())

    await pc.setLocalDescription(await pc.createOffer())  # aiortc gathers every candidate here
    status, answer, location = http("POST", url, token, pc.localDescription.sdp.encode(), "application/sdp")
    result["status"] = status
    if status != 201:
        result["body"] = answer
        print(json.dumps(result))
        return
    await pc.setRemoteDescription(RTCSessionDescription(sdp=answer, type="answer"))
    for line in answer.splitlines():
        if line.startswith("a=rtpmap:"):
            result["codec"] = line.split(" ", 1)[1]
            break
    try:
        await asyncio.wait_for(done.wait(), timeout=seconds)
    except asyncio.TimeoutError:
        pass
    base = url.split("/whep/")[0]
    result["deleted"] = http("DELETE", base + location, token)[0]
    await pc.close()
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3])))
