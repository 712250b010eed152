using Microsoft.Extensions.Logging;
using Sym.Sdk.Forms;
using Sym.Sdk.FrontEnds;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>
/// The slash command: <c>/sym req [flow]</c> names a flow whose request modal opens after the answer (after the flow's
/// <c>OnPromptAsync</c> and prefetch); anything else is answered with a usage hint.
/// </summary>
internal sealed class SlackSlashCommands(
    SymEngine engine, ISlackClient client, SlackInteractionOptions options, SlackUserMapper users, SlackReplies replies, ILogger logger)
{
    /// <summary>
    /// Checks a slash command: <see langword="null"/> with the flow and the command when the modal is to be opened after
    /// the answer, else the answer itself (a hint, or a rejection).
    /// </summary>
    public SlackInteractionResult? Check(string formBody, out FlowDescriptor? flow, out SlackSlashCommand? command)
    {
        flow = null;
        command = null;
        try
        {
            command = SlackPayloads.ParseSlashCommand(formBody);
        }
        catch (SymException ex)
        {
            return SlackInteractionResult.Rejected(ex);
        }

        if (!string.Equals(command.Command, options.Command, StringComparison.OrdinalIgnoreCase))
        {
            return SlackInteractionResult.Ephemeral($"This app answers {options.Command}, not {command.Command}.");
        }

        string[] words = command.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0 || !(words[0].Equals("req", StringComparison.OrdinalIgnoreCase) || words[0].Equals("request", StringComparison.OrdinalIgnoreCase)))
        {
            return SlackInteractionResult.Ephemeral($"Usage: `{options.Command} req [flow]` opens the request form. {FlowList()}");
        }

        string? flowName = words.Length > 1 ? words[1] : options.DefaultFlow ?? (engine.FlowCatalog.Count == 1 ? engine.FlowCatalog[0].Name : null);
        if (flowName is null)
        {
            return SlackInteractionResult.Ephemeral($"Name the flow: `{options.Command} req <flow>`. {FlowList()}");
        }

        if (engine.FindFlow(flowName) is not { } found)
        {
            return SlackInteractionResult.Ephemeral($"There is no flow named `{Mrkdwn.Escape(flowName)}`. {FlowList()}");
        }

        if (string.IsNullOrEmpty(command.TriggerId))
        {
            return SlackInteractionResult.Rejected(SlackErrors.InvalidPayload("the form field 'trigger_id' is missing"));
        }

        flow = found;
        return null;
    }

    /// <summary>
    /// Opens the flow's request modal for the person who ran the command, with the fields the flow prompts them for; tells
    /// them when the flow refuses or the modal cannot be opened. Never throws: the trigger id is good for 3 seconds.
    /// </summary>
    public async Task OpenRequestModalAsync(FlowDescriptor flow, SlackSlashCommand command, CancellationToken cancellationToken)
    {
        string userId = command.UserId;
        try
        {
            User user = await users.MapAsync(userId, cancellationToken).ConfigureAwait(false);
            SymPromptResult prompt = await engine.PromptAsync(flow.Name, user, SlackInteractionHandler.SourceChannel, cancellationToken).ConfigureAwait(false);
            if (prompt.Status != SymActionStatus.Applied || prompt.Form is null)
            {
                await replies.TellAsync(userId, command.ChannelId, prompt.Message ?? "The request form may not be opened.", cancellationToken).ConfigureAwait(false);
                return;
            }

            (IReadOnlyList<PromptField> fields, SlackRequestModalOptions modal) = SlackFlowModal.For(flow, prompt.Form.Fields);
            modal = modal with { PrivateMetadata = SlackModalMetadata.Format(flow.Name, fields) };
            await client.OpenViewAsync(command.TriggerId!, SlackRequestModal.Build(fields, modal), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            SlackLog.InteractionFailed(logger, "open-request-form", userId, SlackErrorText.For(ex));
            string text = ex is SymException { ErrorCode: SlackErrorCodes.ExpiredTriggerId }
                ? "Opening the request form took too long. Please run the command again."
                : $"The request form could not be opened: {SlackErrorText.For(ex)}";
            await replies.TellAsync(userId, command.ChannelId, text, cancellationToken).ConfigureAwait(false);
        }
    }

    private string FlowList() => $"Flows: {string.Join(", ", engine.FlowCatalog.Select(static f => $"`{f.Name}`"))}.";
}
