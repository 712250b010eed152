using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Sym.Sdk;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Strategies;

namespace CustomAccess;

/// <summary>
/// The quickstart's custom strategy: the requester's identity is their email; escalate and deescalate POST to your
/// access API (<c>/escalate</c>, <c>/deescalate</c>) with a bearer token from configuration, then DM the requester.
/// An API failure raises <see cref="SymException"/> (code <c>CustomAccess:API_FAILED</c>); the engine reports it and,
/// for escalate, runs a compensating deescalate.
/// </summary>
public sealed partial class CustomAccessStrategy(IHttpClientFactory clients, ISlackClient slack, ILogger<CustomAccessStrategy> logger) : AccessStrategy
{
    /// <summary>The name of the <see cref="HttpClient"/> that calls the access API.</summary>
    public const string HttpClientName = "custom-access-api";

    /// <inheritdoc />
    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

    /// <inheritdoc />
    public override async ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        string identifier = await CallApiAsync("escalate", targetId, evt, cancellationToken);
        await TellRequesterAsync(evt, $"Access to {identifier} granted!", cancellationToken);
        return StrategyOutput.Applied();
    }

    /// <inheritdoc />
    public override async ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        string identifier = await CallApiAsync("deescalate", targetId, evt, cancellationToken);
        if (evt.Fields.GetString("deescalate_type") != "compensate")
        {
            // After a failed grant the engine already told the requester; "revoked" would only confuse them.
            await TellRequesterAsync(evt, $"Access to {identifier} revoked!", cancellationToken);
        }

        return StrategyOutput.Applied();
    }

    private async Task<string> CallApiAsync(string action, string targetId, Event evt, CancellationToken cancellationToken)
    {
        string identity = await GetRequesterIdentityAsync(evt, cancellationToken);
        string identifier = evt.Fields.Target?.GetRequiredSetting("identifier") ?? targetId;
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(HttpClientName)
                .PostAsJsonAsync(action, new AccessChange(identity, identifier, evt.Run.Id), cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new SymException("CustomAccess:API_FAILED", $"The access API could not be reached to {action} {identity} on {identifier}.",
                "Check CustomAccess:ApiBaseAddress and that the API is up.", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new SymException("CustomAccess:API_FAILED",
                    $"The access API answered {(int)response.StatusCode} {response.ReasonPhrase} to {action} {identity} on {identifier}.",
                    "Check the API's logs; an answer of 401 means CustomAccess:ApiToken is wrong.");
            }
        }

        return identifier;
    }

    /// <summary>Best effort: access is already granted or revoked when the DM goes out, so a Slack failure is only logged.</summary>
    private async Task TellRequesterAsync(Event evt, string text, CancellationToken cancellationToken)
    {
        User requester = evt.GetActor(Sym.Sdk.Templates.ApprovalTemplateStep.Request) ?? evt.User;
        try
        {
            string slackId = requester.Identity("slack")?.UserId
                ?? (await slack.LookupUserByEmailAsync(requester.Email, cancellationToken)).Id;
            await slack.PostMessageAsync(slackId, new SlackMessage(text), cancellationToken);
        }
        catch (SymException ex)
        {
            DmFailed(logger, requester.Username, ex.ErrorCode);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not DM {Requester} about their access ({ErrorCode}).")]
    private static partial void DmFailed(ILogger logger, string requester, string errorCode);

    /// <summary>The body the access API receives.</summary>
    private sealed record AccessChange(string Username, string Identifier, string RunId);
}
