using Sym.Sdk.Flows;
using Sym.Sdk.Forms;

namespace Sym.Sdk.Tests.Flows;

public sealed class FlowImplementationTests
{
    private sealed class DefaultFlow : FlowImplementation;

    [Fact]
    public async Task Defaults_ContinueWithSymBehaviour()
    {
        var flow = new DefaultFlow();
        Event evt = TestEvents.Create("request");
        var field = new PromptField { Name = "env", Type = FieldType.String };

        (await flow.GetPermissionsAsync(evt)).Should().BeNull();
        (await flow.GetRequestNotificationsAsync(evt)).Should().BeNull();
        (await flow.GetApproversAsync(evt)).Should().BeNull();
        (await flow.GetIdentityAsync(evt)).Should().BeNull();
        (await flow.PrefetchFieldOptionsAsync(field, evt)).Should().BeNull();
        (await flow.OnFieldChangeAsync(field, new PromptForm(), evt)).Should().BeNull();
        (await flow.OnPromptAsync(evt)).Should().BeNull();
        (await flow.OnRequestAsync(evt)).Should().BeNull();
        (await flow.OnRequestForwardAsync(evt)).Should().BeNull();
        (await flow.OnRequestExpireAsync(evt)).Should().BeNull();
        (await flow.OnApproveAsync(evt)).Should().BeNull();
        (await flow.OnDenyAsync(evt)).Should().BeNull();
        (await flow.OnEscalateAsync(evt)).Should().BeNull();
        (await flow.OnDeescalateAsync(evt)).Should().BeNull();
        ValueTask[] after =
        [
            flow.AfterPromptAsync(evt), flow.AfterRequestAsync(evt), flow.AfterRequestForwardAsync(evt),
            flow.AfterRequestExpireAsync(evt), flow.AfterApproveAsync(evt), flow.AfterDenyAsync(evt),
            flow.AfterEscalateAsync(evt), flow.AfterDeescalateAsync(evt),
        ];
        after.Should().OnlyContain(t => t.IsCompletedSuccessfully);
    }

    [Fact]
    public void EveryStep_HasAnOnAndAnAfterHook()
    {
        string[] methods = typeof(FlowImplementation).GetMethods().Select(m => m.Name).ToArray();

        foreach (string step in new[] { "Prompt", "Request", "RequestForward", "RequestExpire", "Approve", "Deny", "Escalate", "Deescalate" })
        {
            methods.Should().Contain($"On{step}Async").And.Contain($"After{step}Async");
        }
    }
}
