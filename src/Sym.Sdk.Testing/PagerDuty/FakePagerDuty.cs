using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sym.Sdk.Integrations.PagerDuty;
using Sym.Sdk.Integrations.PagerDuty.Internal;
using Sym.Sdk.Testing.Faults;

namespace Sym.Sdk.Testing.PagerDuty;

/// <summary>
/// An in-memory PagerDuty account implementing <see cref="IPagerDutyClient"/>: users, schedules, who is on call (by
/// schedule, escalation policy and level) and incidents. Seed it with <see cref="AddUser"/>, <see cref="AddSchedule"/>,
/// <see cref="AddOnCall"/> and <see cref="AddIncident"/>, hand it to the code under test, then inspect <see cref="Calls"/>.
/// It raises the same <see cref="SymException"/>s as the real client (<c>PagerDuty:SCHEDULE_NOT_FOUND</c>, …), and
/// <see cref="Faults"/> makes any operation fail on demand. Thread-safe.
/// </summary>
/// <remarks>
/// In a <see cref="SymFlowHarness"/>, <see cref="SymFlowHarness.Reset"/> puts the account back as it was at
/// <see cref="SymFlowHarnessBuilder.Build"/>.
/// </remarks>
/// <example>
/// <code>
/// var pagerDuty = new FakePagerDuty();
/// pagerDuty.AddUser("olga@example.com");
/// pagerDuty.AddOnCall("olga@example.com", scheduleId: "PSCHED1");
/// // harness: SymFlowHarness.Create(…).Use(pagerDuty)
/// </code>
/// </example>
public sealed class FakePagerDuty : IPagerDutyClient, ISymFake, IStoryScopedFake
{
    private readonly Lock _gate = new();
    private World _world = World.Empty;
    private World _worldAtStart = World.Empty;
    private readonly List<string> _calls = [];

    /// <summary>
    /// Fault injection. Operations are named <c>pagerduty.IsOnCall</c>, <c>pagerduty.UsersOnCall</c>,
    /// <c>pagerduty.UsersForSchedule</c>, <c>pagerduty.FindUserByEmail</c>, <c>pagerduty.GetIncidents</c> and
    /// <c>pagerduty.HasIncident</c>.
    /// </summary>
    public FaultInjector Faults { get; } = new();

    /// <summary>Every call made through <see cref="IPagerDutyClient"/>, in order, as <c>operation arguments</c>; <see cref="SymFlowHarness.Reset"/> clears them.</summary>
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

    /// <summary>The account's users, in the order added.</summary>
    public IReadOnlyList<PagerDutyUser> Users
    {
        get
        {
            lock (_gate)
            {
                return [.. _world.Users];
            }
        }
    }

    /// <summary>Registers this account as the <see cref="IPagerDutyClient"/>, in place of the real client.</summary>
    /// <param name="services">The services.</param>
    public void AddTo(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Replace(ServiceDescriptor.Singleton<IPagerDutyClient>(this));
    }

    /// <inheritdoc />
    void IStoryScopedFake.MarkStart()
    {
        lock (_gate)
        {
            _worldAtStart = _world;
        }
    }

    /// <inheritdoc />
    void IStoryScopedFake.Restart()
    {
        lock (_gate)
        {
            _calls.Clear();
            _world = _worldAtStart;
        }
    }

    /// <summary>Adds a user. Setting up the account is not an API call: it is not recorded and never faulted.</summary>
    /// <param name="email">The user's email (how Sym users are matched to them).</param>
    /// <param name="name">The name, or <see langword="null"/>.</param>
    /// <param name="id">The PagerDuty id; the default is a generated <c>PU…</c> id.</param>
    /// <returns>The user.</returns>
    /// <exception cref="ArgumentException">The id or email is taken.</exception>
    public PagerDutyUser AddUser(string email, string? name = null, string? id = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        lock (_gate)
        {
            id ??= "PU" + (_world.Users.Length + 1).ToString("D5", CultureInfo.InvariantCulture);
            if (_world.Users.Any(u => u.Id == id || string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"FakePagerDuty already has a user with id '{id}' or email '{email}'.", nameof(email));
            }

            var user = new PagerDutyUser { Id = id, Email = email, Name = name };
            _world = _world with { Users = [.. _world.Users, user] };
            return user;
        }
    }

    /// <summary>Adds a schedule with its users (those <see cref="IPagerDutyClient.UsersForScheduleAsync"/> returns). Not recorded, never faulted.</summary>
    /// <param name="id">The schedule id, for example <c>PSCHED1</c>.</param>
    /// <param name="userIdsOrEmails">The users on the schedule, by PagerDuty id or email (added with <see cref="AddUser"/>).</param>
    /// <exception cref="ArgumentException">The schedule exists, or a user is unknown.</exception>
    public void AddSchedule(string id, params string[] userIdsOrEmails)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(userIdsOrEmails);
        lock (_gate)
        {
            if (_world.Schedules.ContainsKey(id))
            {
                throw new ArgumentException($"FakePagerDuty already has a schedule '{id}'.", nameof(id));
            }

            string[] members = [.. userIdsOrEmails.Select(u => RequireUser(u).Id).Distinct(StringComparer.Ordinal)];
            _world = _world with { Schedules = new Dictionary<string, string[]>(_world.Schedules, StringComparer.Ordinal) { [id] = members } };
        }
    }

    /// <summary>
    /// Puts a user on call now. With a schedule, the schedule is created if new and the user joins it. Not recorded,
    /// never faulted.
    /// </summary>
    /// <param name="userIdOrEmail">The user, by PagerDuty id or email.</param>
    /// <param name="scheduleId">The schedule the on-call comes from, or <see langword="null"/> (a direct escalation target).</param>
    /// <param name="escalationPolicyId">The escalation policy, or <see langword="null"/>.</param>
    /// <param name="escalationLevel">The escalation level. The default value is 1.</param>
    /// <exception cref="ArgumentException">The user is unknown.</exception>
    public void AddOnCall(string userIdOrEmail, string? scheduleId = null, string? escalationPolicyId = null, int escalationLevel = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(escalationLevel, 1);
        lock (_gate)
        {
            string userId = RequireUser(userIdOrEmail).Id;
            Dictionary<string, string[]> schedules = new(_world.Schedules, StringComparer.Ordinal);
            if (scheduleId is not null)
            {
                string[] members = schedules.TryGetValue(scheduleId, out string[]? known) ? known : [];
                schedules[scheduleId] = members.Contains(userId, StringComparer.Ordinal) ? members : [.. members, userId];
            }

            _world = _world with
            {
                Schedules = schedules,
                OnCalls = [.. _world.OnCalls, new OnCall(userId, scheduleId, escalationPolicyId, escalationLevel)],
            };
        }
    }

    /// <summary>Takes a user off every on-call (the shift ended). Not recorded, never faulted.</summary>
    /// <param name="userIdOrEmail">The user, by PagerDuty id or email.</param>
    public void EndOnCall(string userIdOrEmail)
    {
        lock (_gate)
        {
            string userId = RequireUser(userIdOrEmail).Id;
            _world = _world with { OnCalls = [.. _world.OnCalls.Where(o => o.UserId != userId)] };
        }
    }

    /// <summary>Opens an incident. Not recorded, never faulted.</summary>
    /// <param name="title">The title.</param>
    /// <param name="serviceId">The service it is on. The default value is <c>PSERVICE</c>.</param>
    /// <param name="status">The status. The default value is <c>triggered</c>.</param>
    /// <param name="urgency">The urgency. The default value is <c>high</c>.</param>
    /// <param name="assignedTo">The users it is assigned to, by PagerDuty id or email.</param>
    /// <returns>The incident.</returns>
    public PagerDutyIncident AddIncident(string title, string serviceId = "PSERVICE", string status = PagerDutyIncidentQuery.Triggered,
        string urgency = "high", params string[] assignedTo)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        ArgumentNullException.ThrowIfNull(assignedTo);
        lock (_gate)
        {
            int number = _world.Incidents.Length + 1;
            var incident = new PagerDutyIncident
            {
                Id = "PINC" + number.ToString("D4", CultureInfo.InvariantCulture),
                Number = number,
                Title = title,
                Status = status,
                Urgency = urgency,
                Service = new PagerDutyReference { Id = serviceId, Type = "service_reference" },
            };
            string[] assignees = [.. assignedTo.Select(a => RequireUser(a).Id)];
            _world = _world with { Incidents = [.. _world.Incidents, new Incident(incident, assignees)] };
            return incident;
        }
    }

    /// <summary>Resolves an incident. Not recorded, never faulted.</summary>
    /// <param name="incidentId">The incident id.</param>
    /// <exception cref="ArgumentException">No such incident.</exception>
    public void ResolveIncident(string incidentId)
    {
        lock (_gate)
        {
            Incident found = _world.Incidents.FirstOrDefault(i => i.Value.Id == incidentId)
                ?? throw new ArgumentException($"FakePagerDuty has no incident '{incidentId}'.", nameof(incidentId));
            _world = _world with
            {
                Incidents = [.. _world.Incidents.Select(i => ReferenceEquals(i, found) ? i with { Value = i.Value with { Status = PagerDutyIncidentQuery.Resolved } } : i)],
            };
        }
    }

    /// <inheritdoc />
    public Task<bool> IsOnCallAsync(User user, PagerDutyOnCallQuery? query = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        lock (_gate)
        {
            Begin("pagerduty.IsOnCall", $"{user.Email} {Describe(query)}".TrimEnd(), cancellationToken);
            string? userId = user.Identity(PagerDutyUser.IdentityService)?.UserId
                ?? _world.Users.FirstOrDefault(u => string.Equals(u.Email, user.Email, StringComparison.OrdinalIgnoreCase))?.Id;
            return Task.FromResult(userId is not null && Matching(query).Any(o => o.UserId == userId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<User>> UsersOnCallAsync(PagerDutyOnCallQuery? query = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Begin("pagerduty.UsersOnCall", Describe(query), cancellationToken);
            IReadOnlyList<User> users = [.. Matching(query).Select(o => o.UserId).Distinct(StringComparer.Ordinal).Select(id => User(id).ToSymUser())];
            return Task.FromResult(users);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<User>> UsersForScheduleAsync(string scheduleId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scheduleId);
        lock (_gate)
        {
            Begin("pagerduty.UsersForSchedule", scheduleId, cancellationToken);
            string[] members = _world.Schedules.TryGetValue(scheduleId, out string[]? known) ? known : throw PagerDutyErrors.ScheduleDoesNotExist(scheduleId);
            IReadOnlyList<User> users = [.. members.Select(id => User(id).ToSymUser())];
            return Task.FromResult(users);
        }
    }

    /// <inheritdoc />
    public Task<PagerDutyUser?> FindUserByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        lock (_gate)
        {
            Begin("pagerduty.FindUserByEmail", email, cancellationToken);
            return Task.FromResult(_world.Users.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase)));
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<PagerDutyIncident> GetIncidentsAsync(PagerDutyIncidentQuery? query = null, CancellationToken cancellationToken = default)
    {
        List<PagerDutyIncident> incidents;
        lock (_gate)
        {
            Begin("pagerduty.GetIncidents", Describe(query), cancellationToken);
            incidents = MatchingIncidents(query);
        }

        return Yield(incidents, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> HasIncidentAsync(PagerDutyIncidentQuery? query = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Begin("pagerduty.HasIncident", Describe(query), cancellationToken);
            return Task.FromResult(MatchingIncidents(query).Count > 0);
        }
    }

    private static async IAsyncEnumerable<PagerDutyIncident> Yield(List<PagerDutyIncident> incidents, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (PagerDutyIncident incident in incidents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return incident;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private List<PagerDutyIncident> MatchingIncidents(PagerDutyIncidentQuery? query)
    {
        query ??= new PagerDutyIncidentQuery();
        return [.. _world.Incidents.Where(i =>
                query.Statuses.Contains(i.Value.Status, StringComparer.Ordinal)
                && (query.ServiceIds.Count == 0 || query.ServiceIds.Contains(i.Value.ServiceId ?? string.Empty, StringComparer.Ordinal))
                && (query.UserIds.Count == 0 || i.AssignedTo.Any(a => query.UserIds.Contains(a, StringComparer.Ordinal)))
                && (query.Urgency is null || string.Equals(query.Urgency, i.Value.Urgency, StringComparison.Ordinal)))
            .Select(static i => i.Value)];
    }

    private IEnumerable<OnCall> Matching(PagerDutyOnCallQuery? query) => _world.OnCalls.Where(o =>
        (query?.ScheduleId is null || o.ScheduleId == query.ScheduleId)
        && (query?.EscalationPolicyId is null || o.EscalationPolicyId == query.EscalationPolicyId)
        && (query?.EscalationLevel is null || o.Level == query.EscalationLevel));

    private static string Describe(PagerDutyOnCallQuery? query) => query is null
        ? string.Empty
        : string.Join(' ', new[]
        {
            query.ScheduleId is null ? null : "schedule=" + query.ScheduleId,
            query.EscalationPolicyId is null ? null : "policy=" + query.EscalationPolicyId,
            query.EscalationLevel is null ? null : "level=" + query.EscalationLevel.Value.ToString(CultureInfo.InvariantCulture),
        }.Where(static s => s is not null));

    private static string Describe(PagerDutyIncidentQuery? query)
    {
        query ??= new PagerDutyIncidentQuery();
        string text = "statuses=" + string.Join(',', query.Statuses);
        text += query.ServiceIds.Count == 0 ? string.Empty : " services=" + string.Join(',', query.ServiceIds);
        text += query.UserIds.Count == 0 ? string.Empty : " users=" + string.Join(',', query.UserIds);
        return query.Urgency is null ? text : text + " urgency=" + query.Urgency;
    }

    // Called under the lock: records the call, then lets the fault injector fail it before anything is read.
    private void Begin(string operation, string arguments, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _calls.Add(arguments.Length == 0 ? operation : $"{operation} {arguments}");
        Faults.ThrowIfFaulted(operation);
    }

    private PagerDutyUser User(string id) => _world.Users.First(u => u.Id == id);

    private PagerDutyUser RequireUser(string idOrEmail) =>
        _world.Users.FirstOrDefault(u => u.Id == idOrEmail || string.Equals(u.Email, idOrEmail, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"FakePagerDuty has no user '{idOrEmail}'; add them with AddUser first.", nameof(idOrEmail));

    private sealed record OnCall(string UserId, string? ScheduleId, string? EscalationPolicyId, int Level);

    private sealed record Incident(PagerDutyIncident Value, string[] AssignedTo);

    /// <summary>The account, immutable: a story's changes replace it, so the snapshot at build is a reference.</summary>
    private sealed record World(PagerDutyUser[] Users, IReadOnlyDictionary<string, string[]> Schedules, OnCall[] OnCalls, Incident[] Incidents)
    {
        public static readonly World Empty = new([], new Dictionary<string, string[]>(StringComparer.Ordinal), [], []);
    }
}
