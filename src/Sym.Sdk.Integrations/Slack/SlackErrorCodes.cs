namespace Sym.Sdk.Integrations.Slack;

/// <summary>
/// The <see cref="SymException.ErrorCode"/> values the Slack integration raises: <c>Slack:</c> followed by Slack's own
/// error code in upper case (any code Slack returns maps this way; the common ones are listed here).
/// </summary>
/// <remarks>
/// Each exception says whether retrying can help (<see cref="SymException.IsPermanent"/>): token and scope problems,
/// unknown channels, users and messages, archived channels, invalid blocks and any error code Slack answers that is not
/// known to be transient are permanent; throttling (<see cref="RateLimited"/>), server and network errors
/// (<see cref="ServerError"/>, <see cref="NetworkError"/>, <see cref="InternalError"/>, <see cref="Timeout"/>) are not.
/// </remarks>
public static class SlackErrorCodes
{
    /// <summary>No token was sent.</summary>
    public const string NotAuthed = "Slack:NOT_AUTHED";

    /// <summary>The token is not valid.</summary>
    public const string InvalidAuth = "Slack:INVALID_AUTH";

    /// <summary>The token's user or workspace has been deactivated.</summary>
    public const string AccountInactive = "Slack:ACCOUNT_INACTIVE";

    /// <summary>The token was revoked.</summary>
    public const string TokenRevoked = "Slack:TOKEN_REVOKED";

    /// <summary>The token expired.</summary>
    public const string TokenExpired = "Slack:TOKEN_EXPIRED";

    /// <summary>The token lacks a scope the method needs.</summary>
    public const string MissingScope = "Slack:MISSING_SCOPE";

    /// <summary>Slack throttled the call (HTTP 429) and the retries were used up.</summary>
    public const string RateLimited = "Slack:RATELIMITED";

    /// <summary>The channel does not exist or the app cannot see it.</summary>
    public const string ChannelNotFound = "Slack:CHANNEL_NOT_FOUND";

    /// <summary>The app is not a member of the channel.</summary>
    public const string NotInChannel = "Slack:NOT_IN_CHANNEL";

    /// <summary>The channel is archived.</summary>
    public const string IsArchived = "Slack:IS_ARCHIVED";

    /// <summary>No user has that email (users.lookupByEmail) or one of the user ids is unknown.</summary>
    public const string UsersNotFound = "Slack:USERS_NOT_FOUND";

    /// <summary>The user id is unknown.</summary>
    public const string UserNotFound = "Slack:USER_NOT_FOUND";

    /// <summary>The app may not see the user.</summary>
    public const string UserNotVisible = "Slack:USER_NOT_VISIBLE";

    /// <summary>The blocks are not valid Block Kit.</summary>
    public const string InvalidBlocks = "Slack:INVALID_BLOCKS";

    /// <summary>The message text is too long.</summary>
    public const string MessageTooLong = "Slack:MSG_TOO_LONG";

    /// <summary>The message to update does not exist.</summary>
    public const string MessageNotFound = "Slack:MESSAGE_NOT_FOUND";

    /// <summary>The message cannot be updated by this app.</summary>
    public const string CantUpdateMessage = "Slack:CANT_UPDATE_MESSAGE";

    /// <summary>The trigger id is older than 3 seconds.</summary>
    public const string ExpiredTriggerId = "Slack:EXPIRED_TRIGGER_ID";

    /// <summary>The trigger id is not valid.</summary>
    public const string InvalidTriggerId = "Slack:INVALID_TRIGGER_ID";

    /// <summary>Too many users for a conversation (conversations.open takes at most 8).</summary>
    public const string TooManyUsers = "Slack:TOO_MANY_USERS";

    /// <summary>A channel, user or user-group name or email could not be resolved to an id.</summary>
    public const string NameNotFound = "Slack:NAME_NOT_FOUND";

    /// <summary>Slack answered with a server error (HTTP 5xx) and the retries were used up.</summary>
    public const string ServerError = "Slack:SERVER_ERROR";

    /// <summary>Slack could not be reached (network failure or timeout) and the retries were used up.</summary>
    public const string NetworkError = "Slack:NETWORK_ERROR";

    /// <summary>
    /// A delivery did not finish within <see cref="SlackNotifierOptions.DeliveryTimeout"/>; Slack may or may not have
    /// acted on it (the notifier looks before posting again).
    /// </summary>
    public const string Timeout = "Slack:TIMEOUT";

    /// <summary>Slack had an internal error; part of the call may have taken effect.</summary>
    public const string InternalError = "Slack:INTERNAL_ERROR";

    /// <summary>Slack answered with something that is not its JSON envelope.</summary>
    public const string InvalidResponse = "Slack:INVALID_RESPONSE";

    /// <summary>An incoming slash command or interactivity payload is malformed.</summary>
    public const string InvalidPayload = "Slack:INVALID_PAYLOAD";
}
