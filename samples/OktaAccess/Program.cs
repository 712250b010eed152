// The Okta access flow's story, offline: the real engine on a virtual clock, a fake Okta org, every message recorded.
// Run it with `dotnet run --project samples/OktaAccess`; the tests in samples/OktaAccess.Tests tell the same story in parts.
using OktaAccess;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Okta;

var org = new DemoOrg(new FakeOkta());
await using SymFlowHarness harness = org.CreateHarness();

// An engineer asks; the request goes to #eng-requests, for the engineering leads.
HarnessRun alice = await harness.RequestAsync(org.Alice, target: "prod-admins", duration: TimeSpan.FromHours(1), reason: "Deploy the payments hotfix");

// Erin leads engineering but left the approvers group in Okta since: her approval is ignored.
await alice.ApproveAsync(org.Erin);

// Bob approves: Alice joins prod-admins in Okta.
await alice.ApproveAsync(org.Bob);

// Someone from Finance asks; that request goes to #sym-requests, where Dana approves.
HarnessRun carol = await harness.RequestAsync(org.Carol, target: "prod-admins", duration: TimeSpan.FromHours(4), reason: "Quarter-end reconciliation");
await carol.ApproveAsync(org.Dana);

Console.WriteLine($"prod-admins after approvals: {string.Join(", ", Members())}");

// An hour later Alice's access expires; three more hours and Carol's does too.
await harness.AdvanceAsync(TimeSpan.FromHours(1));
Console.WriteLine($"prod-admins after 1h:        {string.Join(", ", Members())}");
await harness.AdvanceAsync(TimeSpan.FromHours(3));
Console.WriteLine($"prod-admins after 4h:        {string.Join(", ", Members())}");
Console.WriteLine();
Console.WriteLine(harness.GetTranscript());

IEnumerable<string> Members()
{
    IReadOnlyList<string> ids = org.Okta.MembersOf(DemoOrg.ProdAdminsGroupId);
    return ids.Count == 0 ? ["(none)"] : org.Okta.Users.Where(u => ids.Contains(u.Id)).Select(u => u.Profile.Login);
}
