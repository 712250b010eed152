using Xunit.Abstractions;
namespace Sym.Sdk.Testing.Tests.Harness;

public class SmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Story_Prints()
    {
        await using SymFlowHarness harness = People.Harness(People.GrantsApi());
        HarnessRun run = await harness.RequestAsync(People.Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "incident 42");
        await run.ApproveAsync(People.Mallory);
        await run.ApproveAsync(People.Bob);
        await harness.AdvanceAsync(TimeSpan.FromHours(2));
        output.WriteLine(harness.GetTranscript());
        run.AssertState(Sym.Sdk.Runtime.SymRunState.Ended);
    }
}
