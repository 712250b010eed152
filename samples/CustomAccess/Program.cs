using CustomAccess;
using Microsoft.Extensions.Configuration;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Slack;

// The quickstart, offline: the real engine runs the custom_access flow on a virtual clock, with a fake access API and a
// fake Slack workspace, and prints what happened. A host wires the same AddCustomAccess call to real Slack and the real API.
IConfiguration configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json")
    .AddInMemoryCollection(new Dictionary<string, string?> { ["CustomAccess:ApiToken"] = "demo-token" })
    .Build();

(SymFlowHarness harness, FakeSlack slack, _) = await QuickstartStory.PlayAsync(configuration);
await using (harness)
{
    Console.WriteLine("Transcript of the custom_access quickstart (time since the first request, run, what happened):");
    Console.WriteLine();
    Console.Write(harness.GetTranscript());
    Console.WriteLine();
    Console.WriteLine("Slack DMs:");
    foreach (FakeSlackMessage dm in slack.DirectMessagesTo("U0ALICE"))
    {
        Console.WriteLine($"  to alice: {dm.Text}");
    }
}
