// The AWS Identity Center access flow's story, offline: the real engine on a virtual clock, a fake AWS whose account
// assignments go IN_PROGRESS → SUCCEEDED on that clock, every message recorded.
// Run it with `dotnet run --project samples/AwsSsoAccess`; the tests in samples/AwsSsoAccess.Tests tell it in parts.
using AwsSsoAccess;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing;

DemoAccounts accounts = DemoAccounts.Create();
accounts.Aws.AssignmentLatency = TimeSpan.FromSeconds(3);
await using SymFlowHarness harness = accounts.CreateHarness();

// Alice asks for admin on production for an hour; the request goes to #aws-access.
HarnessRun run = await harness.RequestAsync(accounts.Alice, target: "prod-admin", duration: TimeSpan.FromHours(1), reason: "Rotate the RDS credentials");

// Alice cannot approve her own request.
await run.ApproveAsync(accounts.Alice);

// Bob approves: the strategy assigns the permission set and waits (on the virtual clock) until Identity Center is done.
await run.ApproveAsync(accounts.Bob);
Console.WriteLine($"Alice holds AdministratorAccess on {DemoAccounts.ProductionAccount}: {accounts.HasProductionAdmin(accounts.AliceId)}");

// An hour later the assignment is deleted.
await harness.AdvanceAsync(TimeSpan.FromHours(1));
Console.WriteLine($"An hour later:                                  {accounts.HasProductionAdmin(accounts.AliceId)}");

// Carol is a contractor with no Identity Store user: she is told so when she asks, and no request is created.
SymActionResult carol = await harness.SubmitAsync(new AccessRequest
{
    Flow = AwsSsoAccessFlow.Name, Requester = accounts.Carol, Target = "prod-admin", Duration = TimeSpan.FromHours(1), Reason = "Audit",
});
Console.WriteLine($"Carol's request: {carol.Status}: {carol.Message}");
Console.WriteLine();
Console.WriteLine(harness.GetTranscript());
