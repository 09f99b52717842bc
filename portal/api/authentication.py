"""API authentication: Party API tokens, or a browser session that has passed two-factor where
the person needs it (so the browsable API and HTMX calls work without a token)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from ..services.tokens import api_token_authenticate
from ..two_factor import needs_two_factor


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token ssi_<prefix>_<secret>``; acts as the token's creator."""

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Malformed Authorization header: use 'Token <token>'.")
        token = api_token_authenticate(header[1].decode(errors="replace"))
        if token is None:
            raise exceptions.AuthenticationFailed("The token is unknown, expired or revoked.")
        request.api_token = token
        return token.created_by, token

    def authenticate_header(self, request):
        return self.keyword


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """Session auth (with CSRF) that ignores sessions still owing their second factor."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        django_request = request._request
        if needs_two_factor(user) and not getattr(django_request.user, "is_verified", lambda: False)():
            return None
        return result


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "portal.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token ssi_<prefix>_<secret>`, created in the SSI after two-factor sign-in.",
        }


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    target_class = "portal.api.authentication.VerifiedSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
