namespace Sym.Sdk;

/// <summary>
/// A Sym user: the requester, an approver or another actor. Immutable; two users are equal when their
/// <see cref="Username"/> is equal (ignoring case).
/// </summary>
public sealed class User : IEquatable<User>
{
    private readonly string _username = string.Empty;

    /// <summary>The Sym user id (often a UUID); opaque.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The user's SRN, when the platform sent one.</summary>
    public Srn? Srn { get; init; }

    /// <summary>The user's username: in practice their email. Equality is by this value, ignoring case.</summary>
    public required string Username
    {
        get => _username;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(Username));
            _username = value;
        }
    }

    /// <summary>The user's email; defaults to <see cref="Username"/> when not set.</summary>
    public string Email
    {
        get => field ?? _username;
        init;
    }

    /// <summary>Person or bot.</summary>
    public UserType Type { get; init; } = UserType.Normal;

    /// <summary>The user's first name, if known.</summary>
    public string? FirstName { get; init; }

    /// <summary>The user's last name, if known.</summary>
    public string? LastName { get; init; }

    /// <summary>The user's display name, if known; otherwise built from the first and last names.</summary>
    public string? Name
    {
        get => field ?? (FirstName is null && LastName is null ? null : $"{FirstName} {LastName}".Trim());
        init;
    }

    /// <summary>The user's role in the organization.</summary>
    public UserRole Role { get; init; } = UserRole.Member;

    /// <summary>The user's identities in other services.</summary>
    public IReadOnlyList<UserIdentity> Identities { get; init; } = [];

    /// <summary>What the parsed wire object held that the model does not (see <see cref="Serialization.SymEventJson"/>).</summary>
    internal Serialization.Internal.WireMembers? Wire { get; init; }

    /// <summary>Finds the user's identity in a service.</summary>
    /// <param name="service">The service type, for example <c>slack</c>.</param>
    /// <param name="serviceId">The service instance (for example the Slack workspace id), or <see langword="null"/> for any.</param>
    /// <returns>The first matching identity, or <see langword="null"/>.</returns>
    public UserIdentity? Identity(string service, string? serviceId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        foreach (UserIdentity identity in Identities)
        {
            if (string.Equals(identity.Service, service, StringComparison.OrdinalIgnoreCase)
                && (serviceId is null || string.Equals(identity.ServiceId, serviceId, StringComparison.OrdinalIgnoreCase)))
            {
                return identity;
            }
        }

        return null;
    }

    /// <summary>Returns a copy of this user with one more identity (replacing any for the same service and instance).</summary>
    /// <param name="identity">The identity to add.</param>
    /// <returns>The new user.</returns>
    public User WithIdentity(UserIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var list = new List<UserIdentity>(Identities.Count + 1);
        foreach (UserIdentity existing in Identities)
        {
            if (!(string.Equals(existing.Service, identity.Service, StringComparison.OrdinalIgnoreCase)
                  && string.Equals(existing.ServiceId, identity.ServiceId, StringComparison.OrdinalIgnoreCase)))
            {
                list.Add(existing);
            }
        }

        list.Add(identity);
        return new User
        {
            Id = Id, Srn = Srn, Username = Username, Email = Email, Type = Type, FirstName = FirstName,
            LastName = LastName, Name = Name, Role = Role, Identities = list, Wire = Wire,
        };
    }

    /// <summary>
    /// Sym itself (username <c>sym</c>, a <see cref="UserType.Bot"/>): the actor the engine records for a step a hook
    /// fired, for example an approval returned by <c>OnRequestAsync</c>. It appears in <c>SymRun.Actors</c> and
    /// <c>SymRun.Approvals</c>, the audit log (actor <c>sym</c>), the harness transcript and Slack messages, named after the
    /// hook ("Sym (on_request hook)"), so an auto-approval never reads as the requester approving their own request.
    /// </summary>
    public static User Sym { get; } = new() { Id = "sym", Username = "sym", Name = "Sym", Type = UserType.Bot };

    /// <summary>Sym acting for a hook: equal to <see cref="Sym"/>, named after the hook (<c>Sym (on_request hook)</c>).</summary>
    internal static User SymFor(string hook) => new() { Id = "sym", Username = "sym", Name = $"Sym ({hook} hook)", Type = UserType.Bot };

    /// <inheritdoc />
    public bool Equals(User? other) => other is not null && string.Equals(Username, other.Username, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as User);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Username);

    /// <inheritdoc />
    public override string ToString() => Username;

    /// <summary>Compares users by username.</summary>
    /// <param name="left">The first user.</param>
    /// <param name="right">The second user.</param>
    /// <returns>Whether both are null or have the same username.</returns>
    public static bool operator ==(User? left, User? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Compares users by username.</summary>
    /// <param name="left">The first user.</param>
    /// <param name="right">The second user.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(User? left, User? right) => !(left == right);
}
