using System.Text.Json;
using Sym.Sdk;
using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.Okta;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Okta;

namespace OktaAccess;

/// <summary>
/// A small Okta org for the story and the tests: who works where, who approves, and the group people ask to join.
/// <list type="bullet">
/// <item>alice (Engineering) and carol (Finance) ask for access.</item>
/// <item>bob leads engineering: in <c>eng-leads</c> and <c>sym-approvers</c>. dana approves everything else: in <c>sym-approvers</c>.</item>
/// <item>erin is in <c>eng-leads</c> but not in <c>sym-approvers</c>; mallory is a Sym admin in neither.</item>
/// </list>
/// </summary>
public sealed class DemoOrg
{
    /// <summary>The Okta id of <c>sym-approvers</c> (the flow's <c>approvers_group</c>).</summary>
    public const string ApproversGroupId = "00gSymApprovers";

    /// <summary>The Okta id of <c>eng-leads</c> (the flow's <c>engineering_approvers_group</c>).</summary>
    public const string EngineeringLeadsGroupId = "00gEngLeads";

    /// <summary>The Okta id of <c>prod-admins</c>, the group people ask to join.</summary>
    public const string ProdAdminsGroupId = "00gProdAdmins";

    /// <summary>Creates the org in <paramref name="okta"/>.</summary>
    /// <param name="okta">An empty fake Okta org.</param>
    public DemoOrg(FakeOkta okta)
    {
        ArgumentNullException.ThrowIfNull(okta);
        Okta = okta;
        okta.AddGroup("sym-approvers", ApproversGroupId);
        okta.AddGroup("eng-leads", EngineeringLeadsGroupId);
        okta.AddGroup("prod-admins", ProdAdminsGroupId);
        Alice = Person(okta, "alice", "Engineering", "U0ALICE");
        Carol = Person(okta, "carol", "Finance", "U0CAROL");
        Bob = Person(okta, "bob", "Engineering", "U0BOB", EngineeringLeadsGroupId, ApproversGroupId);
        Dana = Person(okta, "dana", "Finance", "U0DANA", ApproversGroupId);
        Erin = Person(okta, "erin", "Engineering", "U0ERIN", EngineeringLeadsGroupId);
        Mallory = FakeEvents.User("mallory@example.com", slackId: "U0MALLORY", role: UserRole.Admin);
        Definition = OktaAccessDefinition.Create(ApproversGroupId, EngineeringLeadsGroupId,
            new OktaAccessDefinition.Target("prod-admins", "Production admins", ProdAdminsGroupId));
    }

    /// <summary>The fake Okta org.</summary>
    public FakeOkta Okta { get; }

    /// <summary>An engineer who asks for access.</summary>
    public User Alice { get; }

    /// <summary>A finance analyst who asks for access.</summary>
    public User Carol { get; }

    /// <summary>The engineering lead: approves Engineering's requests.</summary>
    public User Bob { get; }

    /// <summary>Approves everyone else's requests.</summary>
    public User Dana { get; }

    /// <summary>An engineering lead who is not in <c>sym-approvers</c>.</summary>
    public User Erin { get; }

    /// <summary>A Sym admin with no Okta account.</summary>
    public User Mallory { get; }

    /// <summary>The flow's definition for this org.</summary>
    public Action<FlowOptions> Definition { get; }

    /// <summary>The Okta id of a person.</summary>
    /// <param name="user">The person.</param>
    /// <returns>Their Okta user id.</returns>
    public string OktaIdOf(User user) =>
        Okta.Users.Single(u => string.Equals(u.Profile.Email, user.Email, StringComparison.OrdinalIgnoreCase)).Id;

    /// <summary>A harness around the flow with this org's Okta.</summary>
    /// <param name="setup">More setup, or <see langword="null"/>.</param>
    /// <returns>The harness.</returns>
    public SymFlowHarness CreateHarness(Action<SymFlowHarnessBuilder>? setup = null) =>
        SymFlowHarness.Create<OktaAccessFlow, OktaGroupStrategy>(OktaAccessFlow.Name, Definition, builder =>
        {
            builder.Use(Okta);
            setup?.Invoke(builder);
        });

    private static User Person(FakeOkta okta, string name, string department, string slackId, params string[] groups)
    {
        string email = name + "@example.com";
        OktaUser oktaUser = okta.AddUser(new OktaUser
        {
            Id = "00u" + char.ToUpperInvariant(name[0]) + name[1..],
            Profile = new OktaUserProfile
            {
                Login = email,
                Email = email,
                FirstName = char.ToUpperInvariant(name[0]) + name[1..],
                LastName = "Example",
                AdditionalAttributes = { [OktaAccessFlow.DepartmentAttribute] = JsonSerializer.SerializeToElement(department) },
            },
        });
        foreach (string group in groups)
        {
            okta.AddMember(group, oktaUser.Id);
        }

        return FakeEvents.User(email, slackId: slackId, firstName: oktaUser.Profile.FirstName, lastName: oktaUser.Profile.LastName);
    }
}
