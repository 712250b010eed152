namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>
/// Maps a Slack user to the Sym user the engine sees: users.info (through the shared cache) gives the email as username,
/// the name, the guest flag and the Slack identity; <see cref="SlackInteractionOptions.Admins"/> are admins.
/// </summary>
internal sealed class SlackUserMapper(ISlackClient client, SlackUserCache users, SlackInteractionOptions options)
{
    /// <summary>Whether users.info for this Slack user is cached, so mapping them would not call Slack.</summary>
    public bool IsCached(string userId) => users.TryGetCached(userId, out _);

    /// <summary>The Sym user behind a Slack user: their email as username, name, guest flag and Slack identity.</summary>
    /// <exception cref="SymException"><c>Slack:USER_EMAIL_MISSING</c> (permanent) when the app sees no email for them.</exception>
    public async Task<User> MapAsync(string userId, CancellationToken cancellationToken)
    {
        SlackUserInfo info = await users.GetUserAsync(client, userId, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(info.Email))
        {
            throw new SymException("Slack:USER_EMAIL_MISSING", $"Slack user {info.Id} has no email visible to the app.",
                "Give the app the users:read.email scope; Sym identifies people by email.") { IsPermanent = true };
        }

        bool admin = options.Admins.Contains(info.Id) || options.Admins.Contains(info.Email);
        return new User
        {
            Username = info.Email,
            Email = info.Email,
            Name = info.RealName ?? info.DisplayName ?? info.Name,
            Role = admin ? UserRole.Admin : info.IsRestricted ? UserRole.Guest : UserRole.Member,
            Type = info.IsBot ? UserType.Bot : UserType.Normal,
            Identities = [new UserIdentity { Service = "slack", ServiceId = info.TeamId, UserId = info.Id }],
        };
    }

    /// <summary>A Slack user not looked up yet, as a member: only to check a submission's fields before answering Slack.</summary>
    public static User Unidentified(SlackInteractionUser user) => new()
    {
        Username = user.Id,
        Identities = [new UserIdentity { Service = "slack", ServiceId = user.TeamId, UserId = user.Id }],
    };
}
