using System.Collections.Frozen;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>The one table that maps Slack's error codes to <see cref="SymException"/>s.</summary>
internal static class SlackErrors
{
    private enum Kind
    {
        General,
        Authentication,
        NotFound,
        RateLimited,
    }

    private static readonly FrozenDictionary<string, (Kind Kind, string Hint)> Table = new Dictionary<string, (Kind, string)>(StringComparer.Ordinal)
    {
        ["not_authed"] = (Kind.Authentication, "Configure SlackOptions.BotToken with the app's bot token (xoxb-…)."),
        ["invalid_auth"] = (Kind.Authentication, "The bot token is not valid; copy it again from the app's OAuth & Permissions page."),
        ["account_inactive"] = (Kind.Authentication, "The token's user or workspace was deactivated; reinstall the app."),
        ["token_revoked"] = (Kind.Authentication, "The token was revoked; reinstall the app and update the token."),
        ["token_expired"] = (Kind.Authentication, "The token expired; refresh it (token rotation) or reinstall the app."),
        ["missing_scope"] = (Kind.Authentication, "Add the scope Slack names in 'needed' to the app and reinstall it."),
        ["ratelimited"] = (Kind.RateLimited, "Slack throttled the call; retry later."),
        ["channel_not_found"] = (Kind.NotFound, "Check the channel id or name; for a private channel, invite the app to it."),
        ["not_in_channel"] = (Kind.General, "Invite the app to the channel (/invite @app)."),
        ["is_archived"] = (Kind.General, "The channel is archived; unarchive it or send elsewhere."),
        ["users_not_found"] = (Kind.NotFound, "No Slack user has that email or id; check it, and that the app has users:read.email."),
        ["user_not_found"] = (Kind.NotFound, "No Slack user has that id in this workspace."),
        ["user_not_visible"] = (Kind.NotFound, "The app may not see this user (for example a user of another workspace)."),
        ["invalid_blocks"] = (Kind.General, "The message's blocks are not valid Block Kit; check them in Slack's Block Kit Builder."),
        ["msg_too_long"] = (Kind.General, "Shorten the message text (Slack truncates text over 40,000 characters)."),
        ["message_not_found"] = (Kind.NotFound, "The message to update no longer exists; post a new one."),
        ["cant_update_message"] = (Kind.General, "Only messages posted by this app can be updated by it."),
        ["expired_trigger_id"] = (Kind.General, "Open the modal within 3 seconds of the interaction that gave the trigger id."),
        ["invalid_trigger_id"] = (Kind.General, "Use the trigger id from the slash command or interaction payload, unchanged."),
        ["too_many_users"] = (Kind.General, "A group DM takes at most 8 people; send to a channel instead."),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The Sym code for a Slack error code: <c>Slack:</c> + upper case.</summary>
    public static string CodeFor(string slackError) =>
        "Slack:" + (string.IsNullOrWhiteSpace(slackError) ? "UNKNOWN_ERROR" : slackError.Trim().ToUpperInvariant());

    /// <summary>Builds the exception for an <c>{"ok":false,"error":…}</c> envelope (or the same error raised by a fake).</summary>
    /// <param name="method">The Web API method, for example <c>chat.postMessage</c>.</param>
    /// <param name="slackError">Slack's error code.</param>
    /// <param name="detail">Extra detail for the message (for example the missing scope), or null.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="rawResponse">The response body, which never holds the token.</param>
    /// <param name="retryAfter">For <c>ratelimited</c>, the delay Slack asked for.</param>
    public static SymException FromError(string method, string slackError, string? detail = null, int? statusCode = 200,
        string? rawResponse = null, TimeSpan? retryAfter = null)
    {
        string code = CodeFor(slackError);
        string message = detail is null
            ? $"Slack {method} failed: {slackError}."
            : $"Slack {method} failed: {slackError} ({detail}).";
        (Kind kind, string hint) = Table.TryGetValue(slackError, out var entry)
            ? entry
            : (Kind.General, $"See Slack's documentation of {method} for the error '{slackError}'.");
        return kind switch
        {
            Kind.Authentication => new SymAuthenticationException(code, message, hint) { StatusCode = statusCode, RawResponse = rawResponse },
            Kind.NotFound => new SymNotFoundException(code, message, hint) { StatusCode = statusCode, RawResponse = rawResponse },
            Kind.RateLimited => new SymRateLimitedException(code, message, retryAfter) { StatusCode = statusCode, RawResponse = rawResponse },
            _ => new SymException(code, message, hint) { StatusCode = statusCode, RawResponse = rawResponse },
        };
    }

    /// <summary>A name (channel, user, email) that does not resolve to an id.</summary>
    public static SymNotFoundException NameNotFound(string what, string name, string hint) =>
        new(SlackErrorCodes.NameNotFound, $"No Slack {what} '{name}' was found.", hint);

    /// <summary>A malformed incoming payload.</summary>
    public static SymException InvalidPayload(string what) =>
        new(SlackErrorCodes.InvalidPayload, $"The Slack payload is not valid: {what}.",
            "Make sure the endpoint receives Slack's raw request body, unchanged.");
}
