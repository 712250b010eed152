namespace Sym.Sdk.Requests;

/// <summary>A Slack user by id (<c>U…</c> or <c>W…</c>): the request goes to them as a DM.</summary>
public sealed record SlackUser : RequestDestination
{
    /// <summary>Creates the destination.</summary>
    /// <param name="userId">The Slack user id, for example <c>U0123456789</c>.</param>
    /// <exception cref="ArgumentException">The id does not start with U or W followed by upper-case letters and digits.</exception>
    public SlackUser(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (!IsSlackId(userId, 'U', 'W'))
        {
            throw new ArgumentException(
                $"'{userId}' is not a Slack user id (U… or W… followed by upper-case letters and digits).", nameof(userId));
        }

        UserId = userId;
    }

    /// <summary>The Slack user id.</summary>
    public string UserId { get; }

    /// <summary>The Slack mention markup for the user: <c>&lt;@U123&gt;</c>.</summary>
    public string Mention => $"<@{UserId}>";

    private protected override string Describe() => Mention;
}
