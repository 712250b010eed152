namespace Sym.Sdk.Requests;

/// <summary>
/// Where a request for approval is sent: a Slack channel (<see cref="SlackChannelId"/>, <see cref="SlackChannelName"/>),
/// a user (<see cref="SlackUser"/>), a group DM (<see cref="SlackUserGroup"/>) or a chain of these
/// (<see cref="RequestDestinationFallback"/>). Build them with the <c>Slack</c> helpers.
/// </summary>
public abstract record RequestDestination
{
    private protected RequestDestination()
    {
    }

    /// <summary>
    /// Whether people who receive the request there may approve their own request. The default value is
    /// <see langword="false"/>.
    /// </summary>
    public bool AllowSelf { get; init; }

    /// <summary>How long to wait for a decision there before forwarding, or <see langword="null"/> for no timeout.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public TimeSpan? Timeout
    {
        get;
        init
        {
            if (value is { } t)
            {
                ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(t, TimeSpan.Zero, nameof(Timeout));
            }

            field = value;
        }
    }

    /// <summary>
    /// The destination in words a person reads, as errors, logs and transcripts show it: <c>#sym-requests</c> (a channel by
    /// name), <c>&lt;#C0123ABC&gt;</c> (by id), <c>&lt;@U0123ABC&gt;</c> (a user), a group's users joined by commas, an
    /// email or <c>@name</c> to look up, and a fallback's destinations joined by "then". Slack shows the <c>&lt;…&gt;</c> forms
    /// as names.
    /// </summary>
    /// <returns>The description.</returns>
    public sealed override string ToString() => Describe();

    /// <summary>The destination in words (see <see cref="ToString"/>).</summary>
    private protected abstract string Describe();

    /// <summary>Whether the destination is delivered through Slack (every destination type so far is).</summary>
    internal virtual bool IsSlack => true;

    /// <summary>Whether a Slack id is a prefix letter followed by upper-case letters and digits, as Slack issues them.</summary>
    private protected static bool IsSlackId(string id, char first, char second, char third = '\0') =>
        id.Length >= 2
        && (id[0] == first || id[0] == second || (third != '\0' && id[0] == third))
        && !id.AsSpan(1).ContainsAnyExcept(SlackIdChars);

    private static readonly System.Buffers.SearchValues<char> SlackIdChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
}
