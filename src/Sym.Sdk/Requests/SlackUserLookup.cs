namespace Sym.Sdk.Requests;

/// <summary>
/// A Slack user given by email or by name (<c>@alice</c>), resolved to a user id when the request is sent: the request
/// goes to them as a DM. Build it with <c>Slack.User("alice@example.com")</c> or <c>Slack.User("@alice")</c>.
/// </summary>
public sealed record SlackUserLookup : RequestDestination
{
    private SlackUserLookup(string? email, string? name)
    {
        Email = email;
        Name = name;
    }

    /// <summary>The user's email, or <see langword="null"/> when the user is given by name.</summary>
    public string? Email { get; }

    /// <summary>The user's Slack name (handle or display name, without <c>@</c>), or <see langword="null"/> when given by email.</summary>
    public string? Name { get; }

    /// <summary>Creates the destination for the Slack user with this email.</summary>
    /// <param name="email">The email.</param>
    /// <returns>The destination.</returns>
    /// <exception cref="ArgumentException">The text is empty or not an email.</exception>
    public static SlackUserLookup ByEmail(string email)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        string trimmed = email.Trim();
        int at = trimmed.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == trimmed.Length - 1)
        {
            throw new ArgumentException($"'{email}' is not an email.", nameof(email));
        }

        return new SlackUserLookup(trimmed, null);
    }

    /// <summary>Creates the destination for the Slack user with this name.</summary>
    /// <param name="name">The name, with or without a leading <c>@</c>.</param>
    /// <returns>The destination.</returns>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public static SlackUserLookup ByName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string trimmed = name.Trim().TrimStart('@');
        ArgumentException.ThrowIfNullOrWhiteSpace(trimmed, nameof(name));
        return new SlackUserLookup(null, trimmed);
    }

    private protected override string Describe() => Email ?? "@" + Name;
}
