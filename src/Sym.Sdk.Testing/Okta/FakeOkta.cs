using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sym.Sdk.Integrations.Okta;
using Sym.Sdk.Integrations.Okta.Internal;
using Sym.Sdk.Testing.Faults;
using Sym.Sdk.Testing.Harness.Internal;

namespace Sym.Sdk.Testing.Okta;

/// <summary>
/// An in-memory Okta org implementing <see cref="IOktaClient"/>: users with profiles, groups and memberships. Seed it
/// with <see cref="AddUser(string, string?, string?, string?, string?, string)"/>, <see cref="AddGroup"/> and <see cref="AddMember"/>, hand it to the code under test, then
/// inspect <see cref="IsMember"/>, <see cref="MembersOf"/> and <see cref="Calls"/>. It raises the same
/// <see cref="SymException"/>s as the real client (<c>Okta:USER_NOT_FOUND</c>, <c>Okta:GROUP_NOT_FOUND</c>, …), and
/// <see cref="Faults"/> makes any operation fail on demand. Thread-safe.
/// </summary>
/// <remarks>
/// In a <see cref="SymFlowHarness"/>, <see cref="SymFlowHarness.Reset"/> puts the org back as it was at
/// <see cref="SymFlowHarnessBuilder.Build"/>: the users, groups and memberships seeded before it, and nothing a story added
/// or removed since (through <see cref="IOktaClient"/> or the seeding methods).
/// </remarks>
/// <example>
/// <code>
/// var okta = new FakeOkta();
/// OktaUser alice = okta.AddUser("alice@example.com");
/// OktaGroup admins = okta.AddGroup("prod-admins");
/// okta.Faults.FailNext(1, "okta.AddUserToGroup");
/// </code>
/// </example>
public sealed class FakeOkta : IOktaClient, ISymFake, IStoryScopedFake
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, OktaUser> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OktaGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _members = new(StringComparer.Ordinal);
    private readonly List<string> _calls = [];
    private int _nextId;
    private World? _worldAtStart;
    private bool _worldChanged;

    /// <summary>
    /// Fault injection. Operations are named <c>okta.GetUser</c>, <c>okta.FindUserByEmail</c>, <c>okta.GetUserProfile</c>,
    /// <c>okta.ListGroups</c>, <c>okta.ListGroupMembers</c>, <c>okta.ListUserGroups</c>, <c>okta.IsUserInGroup</c>,
    /// <c>okta.AddUserToGroup</c> and <c>okta.RemoveUserFromGroup</c>. A fired fault changes nothing.
    /// </summary>
    public FaultInjector Faults { get; } = new();

    /// <summary>Every call made through <see cref="IOktaClient"/>, in order, as <c>operation arguments</c> (for example <c>okta.AddUserToGroup 00g1 00u1</c>); <see cref="SymFlowHarness.Reset"/> clears them.</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <inheritdoc />
    void IStoryScopedFake.MarkStart()
    {
        lock (_gate)
        {
            _worldAtStart = new World(
                [.. _users.Values],
                [.. _groups.Values],
                MemberSnapshots.Capture(_members),
                _nextId);
            _worldChanged = false;
        }
    }

    /// <inheritdoc />
    void IStoryScopedFake.Restart()
    {
        lock (_gate)
        {
            _calls.Clear();
            if (!_worldChanged || _worldAtStart is not { } world)
            {
                return;
            }

            _users.Clear();
            foreach (OktaUser user in world.Users)
            {
                _users.Add(user.Id, user);
            }

            _groups.Clear();
            foreach (OktaGroup group in world.Groups)
            {
                _groups.Add(group.Id, group);
            }

            MemberSnapshots.Restore(_members, world.Members, static members => new HashSet<string>(members, StringComparer.Ordinal));

            _nextId = world.NextId;
            _worldChanged = false;
        }
    }

    /// <summary>Registers this org as the <see cref="IOktaClient"/>, in place of the real client.</summary>
    /// <param name="services">The services.</param>
    public void AddTo(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Replace(ServiceDescriptor.Singleton<IOktaClient>(this));
    }

    /// <summary>The org's users, in the order added.</summary>
    public IReadOnlyList<OktaUser> Users
    {
        get
        {
            lock (_gate)
            {
                return [.. _users.Values];
            }
        }
    }

    /// <summary>The org's groups, in the order added.</summary>
    public IReadOnlyList<OktaGroup> Groups
    {
        get
        {
            lock (_gate)
            {
                return [.. _groups.Values];
            }
        }
    }

    /// <summary>Adds a user. Setting up the org is not an API call: it is not recorded and never faulted.</summary>
    /// <param name="email">The user's primary email (also their login unless <paramref name="login"/> is given).</param>
    /// <param name="firstName">The first name, or <see langword="null"/>.</param>
    /// <param name="lastName">The last name, or <see langword="null"/>.</param>
    /// <param name="id">The Okta id; the default is a generated <c>00u…</c> id.</param>
    /// <param name="login">The login; the default is <paramref name="email"/>.</param>
    /// <param name="status">The status. The default value is <c>ACTIVE</c>.</param>
    /// <returns>The user.</returns>
    /// <exception cref="ArgumentException">The id or login is taken.</exception>
    public OktaUser AddUser(string email, string? firstName = null, string? lastName = null, string? id = null, string? login = null, string status = "ACTIVE")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        lock (_gate)
        {
            id ??= NewId("00u");
            login ??= email;
            if (_users.ContainsKey(id) || _users.Values.Any(u => string.Equals(u.Profile.Login, login, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"FakeOkta already has a user with id '{id}' or login '{login}'.", nameof(id));
            }

            var user = new OktaUser
            {
                Id = id,
                Status = status,
                Profile = new OktaUserProfile { Email = email, Login = login, FirstName = firstName, LastName = lastName },
            };
            _users.Add(id, user);
            _worldChanged = true;
            return user;
        }
    }

    /// <summary>Adds a user with a full profile (custom attributes included). Not recorded, never faulted.</summary>
    /// <param name="user">The user; its id and login must be new.</param>
    /// <returns>The user.</returns>
    public OktaUser AddUser(OktaUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        lock (_gate)
        {
            if (_users.ContainsKey(user.Id) || _users.Values.Any(u => string.Equals(u.Profile.Login, user.Profile.Login, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"FakeOkta already has a user with id '{user.Id}' or login '{user.Profile.Login}'.", nameof(user));
            }

            _users.Add(user.Id, user);
            _worldChanged = true;
            return user;
        }
    }

    /// <summary>Adds a group. Not recorded, never faulted.</summary>
    /// <param name="name">The group's name.</param>
    /// <param name="id">The Okta id; the default is a generated <c>00g…</c> id.</param>
    /// <param name="description">The description, or <see langword="null"/>.</param>
    /// <param name="type">The type. The default value is <c>OKTA_GROUP</c>.</param>
    /// <returns>The group.</returns>
    public OktaGroup AddGroup(string name, string? id = null, string? description = null, string type = OktaGroup.OktaGroupType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        lock (_gate)
        {
            id ??= NewId("00g");
            if (_groups.ContainsKey(id))
            {
                throw new ArgumentException($"FakeOkta already has a group with id '{id}'.", nameof(id));
            }

            var group = new OktaGroup { Id = id, Type = type, Profile = new OktaGroupProfile { Name = name, Description = description } };
            _groups.Add(id, group);
            _members.Add(id, new HashSet<string>(StringComparer.Ordinal));
            _worldChanged = true;
            return group;
        }
    }

    /// <summary>Makes a user a member of a group, as set-up (not recorded, never faulted).</summary>
    /// <param name="groupId">The group id.</param>
    /// <param name="userId">The user id.</param>
    /// <exception cref="SymNotFoundException">No such group or user.</exception>
    public void AddMember(string groupId, string userId)
    {
        lock (_gate)
        {
            RequireUser(userId);
            _worldChanged |= RequireGroup(groupId).Add(userId);
        }
    }

    /// <summary>Whether a user is a member of a group right now (inspection; not recorded, never faulted).</summary>
    /// <param name="groupId">The group id.</param>
    /// <param name="userId">The user id.</param>
    /// <returns>Whether they are a member (false for an unknown group).</returns>
    public bool IsMember(string groupId, string userId)
    {
        lock (_gate)
        {
            return _members.TryGetValue(groupId, out HashSet<string>? members) && members.Contains(userId);
        }
    }

    /// <summary>The ids of a group's members right now (inspection).</summary>
    /// <param name="groupId">The group id.</param>
    /// <returns>The member ids, sorted; empty for an unknown group.</returns>
    public IReadOnlyList<string> MembersOf(string groupId)
    {
        lock (_gate)
        {
            return _members.TryGetValue(groupId, out HashSet<string>? members) ? [.. members.Order(StringComparer.Ordinal)] : [];
        }
    }

    /// <inheritdoc />
    public Task<OktaUser> GetUserAsync(string idOrLogin, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrLogin);
        lock (_gate)
        {
            Begin("okta.GetUser", idOrLogin, cancellationToken);
            return Task.FromResult(FindUser(idOrLogin) ?? throw OktaErrors.UserDoesNotExist(idOrLogin));
        }
    }

    /// <inheritdoc />
    public Task<OktaUser?> FindUserByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        lock (_gate)
        {
            Begin("okta.FindUserByEmail", email, cancellationToken);
            List<OktaUser> found = [.. _users.Values.Where(u => string.Equals(u.Profile.Email, email, StringComparison.OrdinalIgnoreCase))];
            if (found.Count > 1)
            {
                found.RemoveAll(static u => u.Status == "DEPROVISIONED");
            }

            return found.Count switch
            {
                0 => Task.FromResult<OktaUser?>(null),
                1 => Task.FromResult<OktaUser?>(found[0]),
                _ => throw new SymException(OktaErrorCodes.AmbiguousEmail,
                    $"{found.Count} Okta users have the email '{email}': {string.Join(", ", found.Select(static u => u.Id))}.",
                    "Give each user a distinct primary email in Okta, or store the user's Okta id as their okta identity."),
            };
        }
    }

    /// <inheritdoc />
    public Task<OktaUserProfile> GetUserProfileAsync(string idOrLogin, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrLogin);
        lock (_gate)
        {
            Begin("okta.GetUserProfile", idOrLogin, cancellationToken);
            return Task.FromResult((FindUser(idOrLogin) ?? throw OktaErrors.UserDoesNotExist(idOrLogin)).Profile);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// <see cref="OktaGroupQuery.Search"/> supports one clause, <c>eq</c> or <c>sw</c> on <c>id</c>, <c>type</c>,
    /// <c>profile.name</c> or <c>profile.description</c>; anything else fails with <c>Okta:VALIDATION</c>.
    /// </remarks>
    public IAsyncEnumerable<OktaGroup> ListGroupsAsync(OktaGroupQuery? query = null, CancellationToken cancellationToken = default)
    {
        if (query is { NameStartsWith: not null, Search: not null })
        {
            throw new ArgumentException("Set either NameStartsWith or Search, not both.", nameof(query));
        }

        return Snapshot<OktaGroup>("okta.ListGroups", query?.NameStartsWith ?? query?.Search ?? string.Empty, () =>
        {
            Func<OktaGroup, bool> filter = query switch
            {
                { NameStartsWith: { } prefix } => g => g.Profile.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase),
                { Search: { } search } => ParseSearch(search),
                _ => static _ => true,
            };
            return [.. _groups.Values.Where(filter)];
        }, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<OktaUser> ListGroupMembersAsync(string groupId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        return Snapshot<OktaUser>("okta.ListGroupMembers", groupId,
            () => [.. RequireGroup(groupId).Order(StringComparer.Ordinal).Select(id => _users[id])], cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<OktaGroup> ListUserGroupsAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return Snapshot<OktaGroup>("okta.ListUserGroups", userId, () =>
        {
            RequireUser(userId);
            return [.. _groups.Values.Where(g => _members[g.Id].Contains(userId))];
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> IsUserInGroupAsync(string groupId, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        lock (_gate)
        {
            Begin("okta.IsUserInGroup", $"{groupId} {userId}", cancellationToken);
            RequireUser(userId);

            // Like the real client (which reads the user's groups), an unknown group is simply not one of them.
            return Task.FromResult(_members.TryGetValue(groupId, out HashSet<string>? members) && members.Contains(userId));
        }
    }

    /// <inheritdoc />
    public Task<OktaMembershipChange> AddUserToGroupAsync(string groupId, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        lock (_gate)
        {
            Begin("okta.AddUserToGroup", $"{groupId} {userId}", cancellationToken);
            RequireUser(userId);
            HashSet<string> members = RequireGroup(groupId);
            bool added = members.Add(userId);
            _worldChanged |= added;
            return Task.FromResult(added ? OktaMembershipChange.Added : OktaMembershipChange.AlreadyMember);
        }
    }

    /// <inheritdoc />
    public Task<OktaMembershipChange> RemoveUserFromGroupAsync(string groupId, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        lock (_gate)
        {
            Begin("okta.RemoveUserFromGroup", $"{groupId} {userId}", cancellationToken);
            RequireUser(userId);
            bool removed = _members.TryGetValue(groupId, out HashSet<string>? members) && members.Remove(userId);
            _worldChanged |= removed;
            return Task.FromResult(removed ? OktaMembershipChange.Removed : OktaMembershipChange.NotMember);
        }
    }

    private async IAsyncEnumerable<T> Snapshot<T>(
        string operation, string arguments, Func<List<T>> read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<T> items;
        lock (_gate)
        {
            Begin(operation, arguments, cancellationToken);
            items = read();
        }

        foreach (T item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    // Called under the lock: records the call, then lets the fault injector fail it before anything changes.
    private void Begin(string operation, string arguments, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _calls.Add(arguments.Length == 0 ? operation : $"{operation} {arguments}");
        Faults.ThrowIfFaulted(operation);
    }

    private OktaUser? FindUser(string idOrLogin) =>
        _users.TryGetValue(idOrLogin, out OktaUser? byId)
            ? byId
            : _users.Values.FirstOrDefault(u => string.Equals(u.Profile.Login, idOrLogin, StringComparison.OrdinalIgnoreCase));

    private void RequireUser(string userId)
    {
        if (!_users.ContainsKey(userId))
        {
            throw OktaErrors.UserDoesNotExist(userId);
        }
    }

    private HashSet<string> RequireGroup(string groupId) =>
        _members.TryGetValue(groupId, out HashSet<string>? members) ? members : throw OktaErrors.GroupDoesNotExist(groupId);

    private string NewId(string prefix) =>
        prefix + (++_nextId).ToString("D17", CultureInfo.InvariantCulture);

    private static Func<OktaGroup, bool> ParseSearch(string search)
    {
        string[] parts = search.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || parts[2].Length < 2 || parts[2][0] != '"' || parts[2][^1] != '"' || parts[1] is not ("eq" or "sw"))
        {
            throw OktaErrors.Validation("Api validation failed: search", $"FakeOkta cannot evaluate the search '{search}'; it supports one 'attribute eq|sw \"value\"' clause.");
        }

        string value = parts[2][1..^1];
        Func<OktaGroup, string?> attribute = parts[0] switch
        {
            "id" => static g => g.Id,
            "type" => static g => g.Type,
            "profile.name" => static g => g.Profile.Name,
            "profile.description" => static g => g.Profile.Description,
            _ => throw OktaErrors.Validation("Api validation failed: search", $"FakeOkta cannot search on '{parts[0]}'."),
        };
        return parts[1] == "eq"
            ? g => string.Equals(attribute(g), value, StringComparison.OrdinalIgnoreCase)
            : g => attribute(g)?.StartsWith(value, StringComparison.OrdinalIgnoreCase) == true;
    }

    /// <summary>The org as it was when the harness was built: users and groups in the order added, each group's member ids, the id counter.</summary>
    private sealed record World(OktaUser[] Users, OktaGroup[] Groups, KeyValuePair<string, string[]>[] Members, int NextId);
}
