using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sym.Sdk.Integrations.Aws;
using Sym.Sdk.Integrations.Aws.Iam;
using Sym.Sdk.Integrations.Aws.IdentityStore;
using Sym.Sdk.Integrations.Aws.Lambda;
using Sym.Sdk.Integrations.Aws.Sso;
using Sym.Sdk.Testing.Faults;
using Sym.Sdk.Testing.Harness.Internal;

namespace Sym.Sdk.Testing.Aws;

/// <summary>
/// A stateful, in-memory AWS for tests: IAM users and groups, IAM Identity Center account assignments that go
/// IN_PROGRESS → SUCCEEDED (or FAILED) after <see cref="AssignmentLatency"/> on the given clock, Identity Store users and
/// groups, and Lambda functions as C# delegates. Its clients implement the same interfaces as the real ones and raise the
/// same <see cref="SymException"/>s, so strategies run against it unchanged.
/// </summary>
/// <remarks>
/// In a <see cref="SymFlowHarness"/>, <see cref="SymFlowHarness.Reset"/> puts the fake back as it was at
/// <see cref="SymFlowHarnessBuilder.Build"/>: IAM users and groups with their members, Identity Store users and groups,
/// account assignments and the assignment operations then pending (each as it was, to complete at its own time), the Lambda
/// functions, the queued <see cref="FailNextAssignment"/> failures, and <see cref="AssignmentLatency"/>,
/// <see cref="InstanceArn"/> and <see cref="IdentityStoreId"/>. What a story added or removed since is gone.
/// </remarks>
/// <example>
/// <code>
/// var time = new FakeTimeProvider();
/// var aws = new FakeAws(time);
/// string userId = aws.AddIdentityStoreUser("alice", "alice@example.com");
/// var strategy = new AwsSsoStrategy(aws.SsoAdmin, aws.IdentityStore, Options.Create(aws.CreateOptions()), time);
/// </code>
/// </example>
public sealed class FakeAws : ISymFake, IStoryScopedFake
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<string>> _iamGroups = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _iamUsers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (string UserName, string Email)> _storeUsers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _storeGroups = new(StringComparer.Ordinal);
    private readonly List<AccountAssignment> _assignments = [];
    private readonly Dictionary<string, FakeAssignmentOperation> _operations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<string, CancellationToken, ValueTask<string>>> _functions = new(StringComparer.Ordinal);
    private readonly List<FakeLambdaInvocation> _invocations = [];
    private readonly Queue<string> _assignmentFailures = new();
    private string[] _assignmentFailuresAtStart = [];
    private int _ids;
    private World? _worldAtStart;
    private bool _worldChanged;

    /// <summary>Creates an empty fake AWS.</summary>
    /// <param name="timeProvider">The clock assignments progress on (use a <c>FakeTimeProvider</c>). The default value is <see cref="TimeProvider.System"/>.</param>
    public FakeAws(TimeProvider? timeProvider = null)
    {
        TimeProvider = timeProvider ?? TimeProvider.System;
        Iam = new FakeIamClient(this);
        SsoAdmin = new FakeSsoAdminClient(this);
        IdentityStore = new FakeIdentityStoreClient(this);
        Lambda = new FakeLambdaClient(this);
    }

    /// <summary>Fault injection for every fake client. Operations are named <c>iam:AddUserToGroup</c>, <c>sso:CreateAccountAssignment</c>, <c>identitystore:GetUserId</c>, <c>lambda:Invoke</c> and so on.</summary>
    public FaultInjector Faults { get; } = new();

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>How long an account assignment stays IN_PROGRESS. The default value is two seconds.</summary>
    public TimeSpan AssignmentLatency { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The Identity Center instance ARN the fake answers for. The default value is <c>arn:aws:sso:::instance/ssoins-fake</c>.</summary>
    public string InstanceArn { get; set; } = "arn:aws:sso:::instance/ssoins-fake";

    /// <summary>The Identity Store id the fake answers for. The default value is <c>d-fake</c>.</summary>
    public string IdentityStoreId { get; set; } = "d-fake";

    /// <summary>The IAM client.</summary>
    public IIamClient Iam { get; }

    /// <summary>The IAM Identity Center admin client.</summary>
    public ISsoAdminClient SsoAdmin { get; }

    /// <summary>The Identity Store client.</summary>
    public IIdentityStoreClient IdentityStore { get; }

    /// <summary>The Lambda client.</summary>
    public ILambdaClient Lambda { get; }

    /// <summary>Every Lambda invocation, in order (since the last <see cref="SymFlowHarness.Reset"/>, in a harness).</summary>
    public IReadOnlyList<FakeLambdaInvocation> LambdaInvocations
    {
        get
        {
            lock (_gate)
            {
                return [.. _invocations];
            }
        }
    }

    /// <summary>The account assignments that exist now (finished operations applied).</summary>
    public IReadOnlyList<AccountAssignment> AccountAssignments
    {
        get
        {
            lock (_gate)
            {
                SettleLocked();
                return [.. _assignments];
            }
        }
    }

    /// <summary>
    /// Options that point the AWS strategies at this fake: its <see cref="InstanceArn"/> and <see cref="IdentityStoreId"/>,
    /// polling every second, timing out after a minute.
    /// </summary>
    /// <returns>New options.</returns>
    public AwsOptions CreateOptions() => new()
    {
        SsoInstanceArn = InstanceArn,
        IdentityStoreId = IdentityStoreId,
        AssignmentPollInterval = TimeSpan.FromSeconds(1),
        AssignmentTimeout = TimeSpan.FromMinutes(1),
    };

    /// <summary>Adds IAM users.</summary>
    /// <param name="userNames">The user names.</param>
    /// <returns>This fake, for chaining.</returns>
    public FakeAws AddIamUser(params string[] userNames)
    {
        ArgumentNullException.ThrowIfNull(userNames);
        lock (_gate)
        {
            foreach (string name in userNames)
            {
                ArgumentException.ThrowIfNullOrEmpty(name);
                _iamUsers.Add(name);
            }

            _worldChanged = true;
        }

        return this;
    }

    /// <summary>Adds an IAM group with initial members (who are added as users too).</summary>
    /// <param name="groupName">The group name.</param>
    /// <param name="members">The members.</param>
    /// <returns>This fake, for chaining.</returns>
    public FakeAws AddIamGroup(string groupName, params string[] members)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupName);
        ArgumentNullException.ThrowIfNull(members);
        lock (_gate)
        {
            HashSet<string> set = _iamGroups.TryGetValue(groupName, out HashSet<string>? existing)
                ? existing
                : _iamGroups[groupName] = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string member in members)
            {
                _iamUsers.Add(member);
                set.Add(member);
            }

            _worldChanged = true;
        }

        return this;
    }

    /// <summary>The members of an IAM group now.</summary>
    /// <param name="groupName">The group name.</param>
    /// <returns>The member names, sorted; empty when the group does not exist.</returns>
    public IReadOnlyList<string> IamGroupMembers(string groupName)
    {
        lock (_gate)
        {
            return _iamGroups.TryGetValue(groupName, out HashSet<string>? members) ? [.. members.Order(StringComparer.OrdinalIgnoreCase)] : [];
        }
    }

    /// <summary>Adds an Identity Store user.</summary>
    /// <param name="userName">The user name.</param>
    /// <param name="email">The email.</param>
    /// <returns>The new user's id.</returns>
    public string AddIdentityStoreUser(string userName, string email)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentException.ThrowIfNullOrEmpty(email);
        lock (_gate)
        {
            string id = NextId("user");
            _storeUsers[id] = (userName, email);
            _worldChanged = true;
            return id;
        }
    }

    /// <summary>Adds an Identity Store group with members.</summary>
    /// <param name="userIds">The member user ids.</param>
    /// <returns>The new group's id.</returns>
    public string AddIdentityStoreGroup(params string[] userIds)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        lock (_gate)
        {
            string id = NextId("group");
            _storeGroups[id] = new HashSet<string>(userIds, StringComparer.Ordinal);
            _worldChanged = true;
            return id;
        }
    }

    /// <summary>Adds (or replaces) a Lambda function. An exception it throws becomes a function error (<c>Unhandled</c>).</summary>
    /// <param name="functionNameOrArn">The name or ARN callers use.</param>
    /// <param name="handler">Takes the event JSON, returns the response JSON.</param>
    /// <returns>This fake, for chaining.</returns>
    public FakeAws AddLambdaFunction(string functionNameOrArn, Func<string, CancellationToken, ValueTask<string>> handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionNameOrArn);
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            _functions[functionNameOrArn] = handler;
            _worldChanged = true;
        }

        return this;
    }

    /// <summary>Adds (or replaces) a synchronous Lambda function.</summary>
    /// <param name="functionNameOrArn">The name or ARN callers use.</param>
    /// <param name="handler">Takes the event JSON, returns the response JSON.</param>
    /// <returns>This fake, for chaining.</returns>
    public FakeAws AddLambdaFunction(string functionNameOrArn, Func<string, string> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return AddLambdaFunction(functionNameOrArn, (payload, _) => new ValueTask<string>(handler(payload)));
    }

    /// <summary>Makes the next account assignment operation (creation or deletion) end FAILED with a reason.</summary>
    /// <param name="reason">The failure reason AWS would report.</param>
    /// <returns>This fake, for chaining.</returns>
    public FakeAws FailNextAssignment(string reason = "Received a 404 status error: Not supported account.")
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        lock (_gate)
        {
            _assignmentFailures.Enqueue(reason);
        }

        return this;
    }

    /// <summary>Whether a user holds a permission set on an account now.</summary>
    /// <param name="accountId">The account id.</param>
    /// <param name="permissionSetArn">The permission set ARN.</param>
    /// <param name="principalId">The Identity Store user id.</param>
    /// <returns><see langword="true"/> when assigned.</returns>
    public bool HasAccountAssignment(string accountId, string permissionSetArn, string principalId) =>
        AccountAssignments.Any(a => a.AccountId == accountId && a.PermissionSetArn == permissionSetArn && a.PrincipalId == principalId);

    /// <summary>
    /// Registers this fake's clients in place of the real ones (<see cref="IIamClient"/>, <see cref="ISsoAdminClient"/>,
    /// <see cref="IIdentityStoreClient"/>, <see cref="ILambdaClient"/>) and its clock as the <see cref="System.TimeProvider"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The services, for chaining.</returns>
    public IServiceCollection AddTo(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Replace(ServiceDescriptor.Singleton(Iam));
        services.Replace(ServiceDescriptor.Singleton(SsoAdmin));
        services.Replace(ServiceDescriptor.Singleton(IdentityStore));
        services.Replace(ServiceDescriptor.Singleton(Lambda));
        services.Replace(ServiceDescriptor.Singleton(TimeProvider));
        return services;
    }

    /// <inheritdoc />
    void ISymFake.AddTo(IServiceCollection services) => AddTo(services);

    /// <inheritdoc />
    void IStoryScopedFake.MarkStart()
    {
        lock (_gate)
        {
            _assignmentFailuresAtStart = [.. _assignmentFailures];
            _worldAtStart = new World
            {
                IamUsers = [.. _iamUsers],
                IamGroups = MemberSnapshots.Capture(_iamGroups),
                StoreUsers = [.. _storeUsers],
                StoreGroups = MemberSnapshots.Capture(_storeGroups),
                Assignments = [.. _assignments],
                Operations = [.. _operations.Values.Select(static o => o.Copy())],
                Functions = [.. _functions],
                Ids = _ids,
                AssignmentLatency = AssignmentLatency,
                InstanceArn = InstanceArn,
                IdentityStoreId = IdentityStoreId,
            };
            _worldChanged = false;
        }
    }

    /// <inheritdoc />
    void IStoryScopedFake.Restart()
    {
        lock (_gate)
        {
            _invocations.Clear();
            _assignmentFailures.Clear();
            foreach (string reason in _assignmentFailuresAtStart)
            {
                _assignmentFailures.Enqueue(reason);
            }

            if (_worldAtStart is not { } world)
            {
                return;
            }

            AssignmentLatency = world.AssignmentLatency;
            InstanceArn = world.InstanceArn;
            IdentityStoreId = world.IdentityStoreId;
            if (_worldChanged)
            {
                RestoreLocked(world);
                _worldChanged = false;
            }
        }
    }

    internal Lock Gate => _gate;

    internal Dictionary<string, HashSet<string>> IamGroups => _iamGroups;

    internal HashSet<string> IamUsers => _iamUsers;

    internal Dictionary<string, (string UserName, string Email)> StoreUsers => _storeUsers;

    internal Dictionary<string, HashSet<string>> StoreGroups => _storeGroups;

    internal List<AccountAssignment> Assignments => _assignments;

    internal Dictionary<string, FakeAssignmentOperation> Operations => _operations;

    internal Dictionary<string, Func<string, CancellationToken, ValueTask<string>>> Functions => _functions;

    internal List<FakeLambdaInvocation> Invocations => _invocations;

    /// <summary>Notes that a story changed the world, so <see cref="SymFlowHarness.Reset"/> restores it. Call under the lock.</summary>
    internal void MarkWorldChanged() => _worldChanged = true;

    internal string NextId(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{++_ids:D4}");

    /// <summary>A request id shaped like AWS's (a UUID), but numbered, so a story's ids are the same on every run.</summary>
    internal string NextRequestId() => string.Create(CultureInfo.InvariantCulture, $"00000000-0000-4000-8000-{++_ids:D12}");

    internal string? TakeAssignmentFailure() => _assignmentFailures.TryDequeue(out string? reason) ? reason : null;

    /// <summary>Applies every operation whose time has come. Call under the lock.</summary>
    internal void SettleLocked()
    {
        DateTimeOffset now = TimeProvider.GetUtcNow();
        foreach (FakeAssignmentOperation operation in _operations.Values)
        {
            if (operation.Applied || now < operation.CompletesAt)
            {
                continue;
            }

            operation.Applied = true;
            _worldChanged = true;
            if (operation.FailureReason is not null)
            {
                continue;
            }

            int index = _assignments.FindIndex(a => SameAssignment(a, operation.Assignment));
            if (operation.Kind == AccountAssignmentKind.Creation && index < 0)
            {
                _assignments.Add(operation.Assignment);
            }
            else if (operation.Kind == AccountAssignmentKind.Deletion && index >= 0)
            {
                _assignments.RemoveAt(index);
            }
        }
    }

    internal static bool SameAssignment(AccountAssignment a, AccountAssignment b) =>
        a.InstanceArn == b.InstanceArn && a.AccountId == b.AccountId && a.PermissionSetArn == b.PermissionSetArn
        && a.PrincipalId == b.PrincipalId && a.PrincipalType == b.PrincipalType;

    private void RestoreLocked(World world)
    {
        _iamUsers.Clear();
        _iamUsers.UnionWith(world.IamUsers);
        MemberSnapshots.Restore(_iamGroups, world.IamGroups, static members => new HashSet<string>(members, StringComparer.OrdinalIgnoreCase));

        _storeUsers.Clear();
        foreach (KeyValuePair<string, (string UserName, string Email)> user in world.StoreUsers)
        {
            _storeUsers.Add(user.Key, user.Value);
        }

        MemberSnapshots.Restore(_storeGroups, world.StoreGroups, static members => new HashSet<string>(members, StringComparer.Ordinal));

        _assignments.Clear();
        _assignments.AddRange(world.Assignments);
        _operations.Clear();
        foreach (FakeAssignmentOperation operation in world.Operations)
        {
            _operations.Add(operation.RequestId, operation.Copy());
        }

        _functions.Clear();
        foreach (KeyValuePair<string, Func<string, CancellationToken, ValueTask<string>>> function in world.Functions)
        {
            _functions.Add(function.Key, function.Value);
        }

        _ids = world.Ids;
    }

    /// <summary>The fake as it was when the harness was built; every collection is its own copy.</summary>
    private sealed class World
    {
        public required string[] IamUsers { get; init; }

        public required KeyValuePair<string, string[]>[] IamGroups { get; init; }

        public required KeyValuePair<string, (string UserName, string Email)>[] StoreUsers { get; init; }

        public required KeyValuePair<string, string[]>[] StoreGroups { get; init; }

        public required AccountAssignment[] Assignments { get; init; }

        public required FakeAssignmentOperation[] Operations { get; init; }

        public required KeyValuePair<string, Func<string, CancellationToken, ValueTask<string>>>[] Functions { get; init; }

        public required int Ids { get; init; }

        public required TimeSpan AssignmentLatency { get; init; }

        public required string InstanceArn { get; init; }

        public required string IdentityStoreId { get; init; }
    }
}
