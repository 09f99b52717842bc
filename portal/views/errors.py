"""Error pages: problem details for the API, friendly pages for people."""

from django.shortcuts import render

from ..middleware import problem_response


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return problem_response(
            status=404, title="Not found", detail="Nothing is here, or you may not see it.", code="not_found"
        )
    return render(request, "404.html", status=404)


def server_error(request):
    if request.path.startswith("/api/"):
        return problem_response(
            status=500,
            title="Server error",
            detail="Something went wrong on our side.",
            code="server_error",
            request_id=getattr(request, "request_id", ""),
        )
    return render(request, "500.html", status=500)
