using Sym.Sdk.Flows;
using Sym.Sdk.Flows.Internal;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;
using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Tests.Runtime;

namespace Sym.Sdk.Tests.Requests;

/// <summary>
/// <see cref="RequestPermission.Admits(User, User, bool)"/> is the rule the engine enforces: over a generated matrix of
/// users (roles, ids, usernames and emails in other cases, Slack identities), permission levels, user lists naming them
/// every way, self-approval settings and both decisions, it agrees with the engine's own check on a pending run.
/// </summary>
public sealed class RequestPermissionAgreesWithEngineTests
{
    private static readonly FlowDefinition Flow = FlowDefinition.Create(
        "f", "Sym:Flows:f", new FlowOptions { AllowedDurations = { "1h" }, AllowGuestInteraction = true }, new ScriptedFlow(), new RecordingStrategy());

    private static User Person(string name, UserRole role, string? slackId = null, string id = "") => new()
    {
        Id = id,
        Username = name,
        Email = $"{name}@example.com",
        Role = role,
        Identities = slackId is null ? [] : [new UserIdentity { Service = "slack", UserId = slackId }],
    };

    private static readonly User Requester = Person("req", UserRole.Member, "UREQ", "u-req");

    private static readonly User[] Actors =
    [
        Requester,
        Person("ann", UserRole.Member, "UANN", "u-ann"),
        Person("bob", UserRole.Member),
        Person("adm", UserRole.Admin, "UADM"),
        Person("gus", UserRole.Guest, "UGUS"),
        Person("Mixed", UserRole.Member, "UMIX", "U-Mixed"),
    ];

    private static IEnumerable<string[]> UserLists()
    {
        yield return ["ann"];
        yield return ["ANN@EXAMPLE.COM"];
        yield return ["UANN"];
        yield return ["uann"]; // a Slack id is exact: this names nobody
        yield return ["u-ann"];
        yield return ["U-ANN"]; // a Sym id is exact too
        yield return ["req", "bob"];
        yield return ["UREQ"];
        yield return ["gus@example.com", "mixed"];
        yield return ["U-Mixed"];
        yield return ["nobody"];
    }

    private static IEnumerable<RequestPermission> Permissions()
    {
        foreach (bool self in new[] { false, true })
        {
            yield return RequestPermission.ForLevel(PermissionLevel.Member, self);
            yield return RequestPermission.ForLevel(PermissionLevel.Admin, self);
            foreach (string[] users in UserLists())
            {
                yield return RequestPermission.ForUsers(users, self);
            }
        }
    }

    [Fact]
    public void Admits_EveryUserPermissionAndDecision_AgreesWithTheEngine()
    {
        var disagreements = new List<string>();
        int cases = 0;
        foreach (RequestPermission permission in Permissions())
        {
            SymRun run = new()
            {
                Id = "r1", Version = 1, Flow = "f", State = SymRunState.Pending, Requester = Requester, Permission = permission,
                Duration = TimeSpan.FromHours(1), RequestedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            };
            foreach (User actor in Actors)
            {
                foreach (bool approving in new[] { true, false })
                {
                    cases++;
                    bool engine = Authorizer.CanDecide(Flow, run, actor, approving) is null;
                    bool admits = permission.Admits(actor, Requester, approving);
                    if (engine != admits)
                    {
                        disagreements.Add($"{actor.Username} ({actor.Role}) {(approving ? "approving" : "denying")} under {permission}: engine {engine}, Admits {admits}");
                    }
                }
            }
        }

        cases.Should().Be(2 * (2 + 11) * 6 * 2);
        disagreements.Should().BeEmpty();
    }

    private static IEnumerable<PermissionAudience?> Views()
    {
        yield return null;
        yield return PermissionLevel.Admin;
        yield return PermissionLevel.Member;
        yield return PermissionLevel.AllUsers;
        foreach (string[] users in UserLists())
        {
            yield return PermissionAudience.UserIds(users);
        }
    }

    /// <summary>
    /// <c>webapp_view</c>: on a run nobody acted on but the requester, and that nobody may decide any more, the engine's
    /// <c>CanView</c> is exactly <see cref="RequestPermission.AdmitsViewer"/> (the requester, admins, the view's audience).
    /// </summary>
    [Fact]
    public void AdmitsViewer_EveryUserAndView_AgreesWithTheEnginesCanView()
    {
        var disagreements = new List<string>();
        int cases = 0;
        foreach (PermissionAudience? view in Views())
        {
            RequestPermission permission = RequestPermission.ForLevel(PermissionLevel.Admin) with { WebappView = view };
            SymRun run = new()
            {
                Id = "r1", Version = 3, Flow = "f", State = SymRunState.Expired, Requester = Requester, Permission = permission,
                Duration = TimeSpan.FromHours(1), RequestedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
                Actors = new Dictionary<string, User>(StringComparer.Ordinal) { ["request"] = Requester },
            };
            foreach (User actor in Actors)
            {
                cases++;
                bool engine = Authorizer.CanRead(Flow, run, actor);
                bool admits = permission.AdmitsViewer(actor, Requester);
                if (engine != admits)
                {
                    disagreements.Add($"{actor.Username} ({actor.Role}) viewing under {view?.ToString() ?? "(none)"}: engine {engine}, AdmitsViewer {admits}");
                }
            }
        }

        cases.Should().Be((4 + 11) * 6);
        disagreements.Should().BeEmpty();
    }

    [Fact]
    public void Admits_TheCasesThatDisagreedBefore_AreTheEnginesAnswers()
    {
        User ann = Actors[1];
        RequestPermission bySlackId = RequestPermission.ForUsers(["UANN"]);
        RequestPermission members = RequestPermission.ForLevel(PermissionLevel.Member);

        bySlackId.Admits(ann, Requester).Should().BeTrue("the engine matches Slack user ids");
        RequestPermission.ForUsers(["U-ANN"]).Admits(ann, Requester).Should().BeFalse("Sym user ids are compared exactly, as the engine does");
        members.Admits(Requester, Requester, approving: false).Should().BeTrue("a member may deny their own request");
        members.Admits(Requester, Requester).Should().BeFalse("but not approve it without self-approval");
    }
}
