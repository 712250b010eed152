using Snapshooter.Xunit;
using Sym.Sdk.Runtime;

namespace CustomAccess.Tests;

/// <summary>The story `dotnet run --project samples/CustomAccess` prints.</summary>
public class QuickstartStoryTests
{
    [Fact]
    public async Task PlayAsync_TheQuickstart_EndsOneGrantAndCompensatesTheFailedOne()
    {
        (Sym.Sdk.Testing.SymFlowHarness harness, Sym.Sdk.Testing.Slack.FakeSlack slack, _) = await QuickstartStory.PlayAsync(CustomAccessHarness.Configuration());
        await using (harness)
        {
            harness.Runs.Select(r => r.State).Should().Equal(SymRunState.Ended, SymRunState.Errored);
            slack.DirectMessagesTo("U0ALICE").Select(m => m.Text).Should().Equal("Access to prod-db granted!", "Access to prod-db revoked!");
            Snapshot.Match(harness.GetTranscript());
        }
    }
}
