"""A push client that records calls and answers from a script (the system boundary)."""

from portal.integrations.push import PushResult


class ScriptedPushClient:
    calls: list = []
    script: list[PushResult] = []

    def post(self, url, *, body, headers, timeout):
        ScriptedPushClient.calls.append({"url": url, "body": body, "headers": headers, "timeout": timeout})
        if ScriptedPushClient.script:
            return ScriptedPushClient.script.pop(0)
        return PushResult(ok=True, status=204)
