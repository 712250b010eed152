using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk;
using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.Aws;
using Sym.Sdk.Integrations.Aws.Strategies;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Aws;

namespace AwsSsoAccess;

/// <summary>
/// A small AWS organization for the story and the tests: Identity Center with alice and bob in its Identity Store, the
/// production account, and the AdministratorAccess permission set people ask for. Build it with
/// <see cref="CreateHarness"/>, which wires the flow, the shipped <see cref="AwsSsoStrategy"/> and the fake AWS onto
/// one virtual clock.
/// </summary>
public sealed class DemoAccounts
{
    /// <summary>The production account.</summary>
    public const string ProductionAccount = "111122223333";

    /// <summary>The permission set people ask for.</summary>
    public const string AdminPermissionSet = "arn:aws:sso:::permissionSet/ssoins-fake/ps-admin";

    /// <summary>Where requests go, and whose members approve.</summary>
    public const string RequestChannel = "#aws-access";

    private DemoAccounts(SymFlowHarnessBuilder builder, FakeAws aws, Action<FlowOptions> definition)
    {
        Builder = builder;
        Aws = aws;
        Definition = definition;
        AliceId = aws.AddIdentityStoreUser("alice", Alice.Email);
        BobId = aws.AddIdentityStoreUser("bob", Bob.Email);
    }

    /// <summary>An engineer who asks for access (in the Identity Store).</summary>
    public User Alice { get; } = FakeEvents.User("alice@example.com", slackId: "U0ALICE");

    /// <summary>An approver in <c>#aws-access</c> (in the Identity Store).</summary>
    public User Bob { get; } = FakeEvents.User("bob@example.com", slackId: "U0BOB");

    /// <summary>A contractor who is not in the Identity Store.</summary>
    public User Carol { get; } = FakeEvents.User("carol@example.com", slackId: "U0CAROL");

    /// <summary>Alice's Identity Store user id.</summary>
    public string AliceId { get; }

    /// <summary>Bob's Identity Store user id.</summary>
    public string BobId { get; }

    /// <summary>The fake AWS, on the harness's clock.</summary>
    public FakeAws Aws { get; }

    /// <summary>The flow's definition.</summary>
    public Action<FlowOptions> Definition { get; }

    /// <summary>The harness builder, before <see cref="CreateHarness"/>: change the setup here.</summary>
    public SymFlowHarnessBuilder Builder { get; }

    /// <summary>Sets up the accounts on a new harness builder.</summary>
    /// <returns>The accounts; call <see cref="CreateHarness"/> when done setting up.</returns>
    public static DemoAccounts Create()
    {
        SymFlowHarnessBuilder builder = SymFlowHarness.CreateBuilder();
        Action<FlowOptions> definition = AwsSsoAccessDefinition.Create(RequestChannel,
            new AwsSsoAccessDefinition.Target("prod-admin", "Production (AdministratorAccess)", ProductionAccount, AdminPermissionSet));
        return new DemoAccounts(builder, new FakeAws(builder.Time), definition);
    }

    /// <summary>Whether someone holds the admin permission set on production now.</summary>
    /// <param name="identityStoreUserId">Their Identity Store user id.</param>
    /// <returns>Whether the assignment exists.</returns>
    public bool HasProductionAdmin(string identityStoreUserId) =>
        Aws.HasAccountAssignment(ProductionAccount, AdminPermissionSet, identityStoreUserId);

    /// <summary>
    /// Registers the flow as a host would (the shipped <see cref="AwsSsoStrategy"/>, AWS options naming the Identity
    /// Center instance and Identity Store), plugs in the fake AWS, and builds the harness.
    /// </summary>
    /// <returns>The harness.</returns>
    public SymFlowHarness CreateHarness() => CreateHarness<AwsSsoAccessFlow>();

    /// <summary>As <see cref="CreateHarness()"/>, with another flow implementation on the same definition and strategy.</summary>
    /// <typeparam name="TFlow">The flow implementation.</typeparam>
    /// <returns>The harness.</returns>
    public SymFlowHarness CreateHarness<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFlow>()
        where TFlow : FlowImplementation
    {
        Builder.AddFlow<TFlow, AwsSsoStrategy>(AwsSsoAccessFlow.Name, Definition);
        Builder.Services.AddSymAws(o =>
        {
            o.SsoInstanceArn = Aws.InstanceArn;
            o.IdentityStoreId = Aws.IdentityStoreId;
            o.AssignmentPollInterval = TimeSpan.FromSeconds(1);
            o.AssignmentTimeout = TimeSpan.FromMinutes(1);
        });

        // The strategy polls Identity Center on the TimeProvider it receives: the harness's virtual clock, which every
        // story step moves by itself while the strategy waits.
        Builder.Use(Aws);
        return Builder.Build();
    }
}
