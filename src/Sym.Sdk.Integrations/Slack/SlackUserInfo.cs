namespace Sym.Sdk.Integrations.Slack;

/// <summary>A Slack user as users.info, users.lookupByEmail and users.list return it.</summary>
public sealed record SlackUserInfo
{
    /// <summary>The user id (<c>U…</c> or <c>W…</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The workspace id, if given.</summary>
    public string? TeamId { get; init; }

    /// <summary>The user's handle (the legacy <c>name</c>).</summary>
    public string? Name { get; init; }

    /// <summary>The user's real name, if set.</summary>
    public string? RealName { get; init; }

    /// <summary>The user's display name, if set.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The user's email, when the app has <c>users:read.email</c>.</summary>
    public string? Email { get; init; }

    /// <summary>Whether the user is a bot.</summary>
    public bool IsBot { get; init; }

    /// <summary>Whether the user is deactivated.</summary>
    public bool IsDeleted { get; init; }

    /// <summary>Whether the user is a guest (multi- or single-channel).</summary>
    public bool IsRestricted { get; init; }

    /// <summary>The Slack mention markup for the user: <c>&lt;@U123&gt;</c>.</summary>
    public string Mention => $"<@{Id}>";
}
