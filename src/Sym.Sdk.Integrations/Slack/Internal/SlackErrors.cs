using System.Collections.Frozen;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>
/// The one table that maps Slack's error codes to <see cref="SymException"/>s: which subtype, whether the error is
/// permanent (<see cref="SymException.IsPermanent"/>: the same call cannot succeed until something else changes), and
/// what to do about it. A code not in the table is permanent: Slack answered the call and refused it.
/// </summary>
internal static class SlackErrors
{
    private enum Kind
    {
        General,
        Authentication,
        NotFound,
        RateLimited,
    }

    private static readonly FrozenDictionary<string, (Kind Kind, bool Permanent, string Hint)> Table = new Dictionary<string, (Kind, bool, string)>(StringComparer.Ordinal)
    {
        ["not_authed"] = (Kind.Authentication, true, "Configure SlackOptions.BotToken with the app's bot token (xoxb-…)."),
        ["invalid_auth"] = (Kind.Authentication, true, "The bot token is not valid; copy it again from the app's OAuth & Permissions page."),
        ["account_inactive"] = (Kind.Authentication, true, "The token's user or workspace was deactivated; reinstall the app."),
        ["token_revoked"] = (Kind.Authentication, true, "The token was revoked; reinstall the app and update the token."),
        ["token_expired"] = (Kind.Authentication, true, "The token expired; refresh it (token rotation) or reinstall the app."),
        ["missing_scope"] = (Kind.Authentication, true, "Add the scope Slack names in 'needed' to the app and reinstall it."),
        ["ratelimited"] = (Kind.RateLimited, false, "Slack throttled the call; retry later."),
        ["internal_error"] = (Kind.General, false, "Slack had an internal error; retry later. Part of the call may have taken effect."),
        ["fatal_error"] = (Kind.General, false, "Slack had a server error; retry later. Part of the call may have taken effect."),
        ["service_unavailable"] = (Kind.General, false, "Slack is temporarily unavailable; retry later (see status.slack.com)."),
        ["request_timeout"] = (Kind.General, false, "Slack received the call incomplete; retry it."),
        ["channel_not_found"] = (Kind.NotFound, true, "Check the channel id or name; for a private channel, invite the app to it."),
        ["not_in_channel"] = (Kind.General, true, "Invite the app to the channel (/invite @app)."),
        ["is_archived"] = (Kind.General, true, "The channel is archived; unarchive it or send elsewhere."),
        ["users_not_found"] = (Kind.NotFound, true, "No Slack user has that email or id; check it, and that the app has users:read.email."),
        ["user_not_found"] = (Kind.NotFound, true, "No Slack user has that id in this workspace."),
        ["user_not_visible"] = (Kind.NotFound, true, "The app may not see this user (for example a user of another workspace)."),
        ["user_not_in_channel"] = (Kind.General, true, "The user is not a member of the channel; tell them elsewhere (a DM)."),
        ["cannot_dm_bot"] = (Kind.General, true, "The user is a bot; the app cannot DM it."),
        ["invalid_blocks"] = (Kind.General, true, "The message's blocks are not valid Block Kit; check them in Slack's Block Kit Builder."),
        ["msg_too_long"] = (Kind.General, true, "Shorten the message text (Slack truncates text over 40,000 characters)."),
        ["no_text"] = (Kind.General, true, "Give the message text or blocks."),
        ["invalid_metadata_format"] = (Kind.General, true, "Message metadata needs an event_type and an event_payload object."),
        ["invalid_metadata_schema"] = (Kind.General, true, "The message metadata does not match the event type's schema."),
        ["metadata_too_large"] = (Kind.General, true, "Make the message metadata smaller."),
        ["restricted_action"] = (Kind.General, true, "A workspace preference stops the app from posting there."),
        ["message_not_found"] = (Kind.NotFound, true, "The message to update no longer exists; post a new one."),
        ["cant_update_message"] = (Kind.General, true, "Only messages posted by this app can be updated by it."),
        ["expired_trigger_id"] = (Kind.General, true, "Open the modal within 3 seconds of the interaction that gave the trigger id."),
        ["invalid_trigger_id"] = (Kind.General, true, "Use the trigger id from the slash command or interaction payload, unchanged."),
        ["too_many_users"] = (Kind.General, true, "A group DM takes at most 8 people; send to a channel instead."),
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
        (Kind kind, bool permanent, string hint) = Table.TryGetValue(slackError, out var entry)
            ? entry
            : (Kind.General, true, $"See Slack's documentation of {method} for the error '{slackError}'.");
        return kind switch
        {
            Kind.Authentication => new SymAuthenticationException(code, message, hint) { StatusCode = statusCode, RawResponse = rawResponse, IsPermanent = permanent },
            Kind.NotFound => new SymNotFoundException(code, message, hint) { StatusCode = statusCode, RawResponse = rawResponse },
            Kind.RateLimited => new SymRateLimitedException(code, message, retryAfter) { StatusCode = statusCode, RawResponse = rawResponse },
            _ => new SymException(code, message, hint) { StatusCode = statusCode, RawResponse = rawResponse, IsPermanent = permanent },
        };
    }

    /// <summary>
    /// Whether trying the same call again cannot succeed: a <see cref="SymException"/> marked permanent (see the table), or
    /// an argument Slack could never take (a destination of a kind Slack cannot reach). Everything else (network errors,
    /// timeouts, 5xx, throttling) is transient.
    /// </summary>
    public static bool IsPermanent(Exception error) => error switch
    {
        SymException sym => sym.IsPermanent,
        ArgumentException => true,
        _ => false,
    };

    /// <summary>
    /// Whether a failed call may nevertheless have taken effect at Slack (a post may be there): anything but a refusal
    /// Slack answered (a permanent error, or throttling, which Slack applies before doing anything).
    /// </summary>
    public static bool IsAmbiguous(Exception error) => error switch
    {
        SymRateLimitedException => false,
        SymException { IsPermanent: true } => false,
        ArgumentException => false,
        _ => true,
    };

    /// <summary>A name (channel, user, email) that does not resolve to an id.</summary>
    public static SymNotFoundException NameNotFound(string what, string name, string hint) =>
        new(SlackErrorCodes.NameNotFound, $"No Slack {what} '{name}' was found.", hint);

    /// <summary>A malformed incoming payload.</summary>
    public static SymException InvalidPayload(string what) =>
        new(SlackErrorCodes.InvalidPayload, $"The Slack payload is not valid: {what}.",
            "Make sure the endpoint receives Slack's raw request body, unchanged.") { IsPermanent = true };
}
