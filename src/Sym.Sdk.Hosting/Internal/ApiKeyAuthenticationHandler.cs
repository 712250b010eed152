using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Sym.Sdk.Hosting.Internal;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> (or <c>X-Api-Key: &lt;key&gt;</c>) against the configured key
/// hashes. The principal carries the Sym user the key acts as. Challenges answer 401 with <c>WWW-Authenticate</c>.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyVerifier verifier)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string KeyNameClaim = "sym:api_key";
    private const string FailureItem = "sym:auth_failure";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // As the app's only scheme it becomes the default one; keys are only for the Sym API's endpoints.
        if (Context.GetEndpoint()?.Metadata.GetMetadata<SymApiEndpointMetadata>() is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        string? key = null;
        string? authorization = Request.Headers.Authorization;
        if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            key = authorization["Bearer ".Length..].Trim();
        }
        else if (Request.Headers.TryGetValue(ApiKeyHeader, out Microsoft.Extensions.Primitives.StringValues header))
        {
            key = header.ToString().Trim();
        }

        if (string.IsNullOrEmpty(key))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (verifier.Verify(key) is not { } match)
        {
            Context.Items[FailureItem] = true;
            HostingLog.ApiKeyRejected(Logger, "no configured key has this hash");
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, match.User!),
            new Claim(ClaimTypes.Email, match.Email ?? match.User!),
            new Claim(ClaimTypes.Role, match.Role),
            new Claim(KeyNameClaim, match.Name!),
        ], Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        bool invalid = Context.Items.ContainsKey(FailureItem);
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = invalid
            ? "Bearer realm=\"sym\", error=\"invalid_token\", error_description=\"The API key is not valid.\""
            : "Bearer realm=\"sym\"";
        return ApiProblems.Write(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
            invalid ? "The API key is not valid." : "An API key is required: send 'Authorization: Bearer <key>'.", "SymApi:UNAUTHORIZED");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Write(Context, StatusCodes.Status403Forbidden, "Forbidden", "This key may not use this endpoint.", "SymApi:FORBIDDEN");
}

/// <summary>Marks the Sym API's endpoints: API keys are checked only there.</summary>
internal sealed class SymApiEndpointMetadata
{
    public static readonly SymApiEndpointMetadata Instance = new();
}
