using System.Collections.Specialized;
using System.Text;
using System.Text.Json;
using System.Web;
using Sym.Sdk.Integrations.Slack.Internal;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>
/// Parses what Slack posts to an app: slash commands (form fields) and interactivity payloads (a <c>payload=</c> form
/// field holding JSON). Verify the signature over the raw body first (<see cref="SlackRequestVerifier"/>).
/// A malformed body is a <see cref="SymException"/> with code <c>Slack:INVALID_PAYLOAD</c> naming what is wrong.
/// </summary>
internal static class SlackPayloads
{
    /// <summary>Parses a slash command's raw form body.</summary>
    /// <param name="formBody">The raw <c>application/x-www-form-urlencoded</c> body.</param>
    /// <returns>The command.</returns>
    /// <exception cref="SymException">Code <c>Slack:INVALID_PAYLOAD</c>: a required field is missing.</exception>
    public static SlackSlashCommand ParseSlashCommand(string formBody)
    {
        ArgumentNullException.ThrowIfNull(formBody);
        NameValueCollection form = HttpUtility.ParseQueryString(formBody);
        return new SlackSlashCommand
        {
            Command = Required(form, "command"),
            UserId = Required(form, "user_id"),
            Text = form["text"] ?? string.Empty,
            UserName = form["user_name"],
            ChannelId = form["channel_id"],
            ChannelName = form["channel_name"],
            TeamId = form["team_id"],
            TeamDomain = form["team_domain"],
            EnterpriseId = NullIfEmpty(form["enterprise_id"]),
            ApiAppId = form["api_app_id"],
            TriggerId = form["trigger_id"],
            ResponseUrl = Uri.TryCreate(form["response_url"], UriKind.Absolute, out Uri? url) ? url : null,
        };
    }

    /// <summary>Parses a slash command's raw form body.</summary>
    /// <param name="formBody">The raw body bytes (UTF-8).</param>
    /// <returns>The command.</returns>
    public static SlackSlashCommand ParseSlashCommand(ReadOnlySpan<byte> formBody) => ParseSlashCommand(Decode(formBody));

    /// <summary>Parses an interactivity request's raw form body (<c>payload=…</c>).</summary>
    /// <param name="formBody">The raw <c>application/x-www-form-urlencoded</c> body.</param>
    /// <returns>A <see cref="SlackBlockActions"/>, a <see cref="SlackViewSubmission"/>, or a <see cref="SlackInteraction"/> for other types.</returns>
    /// <exception cref="SymException">Code <c>Slack:INVALID_PAYLOAD</c>: no payload field, not JSON, or a required field missing.</exception>
    public static SlackInteraction ParseInteraction(string formBody)
    {
        ArgumentNullException.ThrowIfNull(formBody);
        string? payload = HttpUtility.ParseQueryString(formBody)["payload"];
        if (string.IsNullOrWhiteSpace(payload))
        {
            throw SlackErrors.InvalidPayload("the form has no 'payload' field");
        }

        return ParseInteractionJson(payload);
    }

    /// <summary>Parses an interactivity request's raw form body (<c>payload=…</c>).</summary>
    /// <param name="formBody">The raw body bytes (UTF-8).</param>
    /// <returns>The interaction.</returns>
    public static SlackInteraction ParseInteraction(ReadOnlySpan<byte> formBody) => ParseInteraction(Decode(formBody));

    /// <summary>Parses the JSON of an interactivity payload (the value of the <c>payload</c> field).</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The interaction.</returns>
    /// <exception cref="SymException">Code <c>Slack:INVALID_PAYLOAD</c>.</exception>
    public static SlackInteraction ParseInteractionJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonElement root;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            root = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw SlackErrors.InvalidPayload($"the payload is not JSON ({ex.Message})");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw SlackErrors.InvalidPayload("the payload is not a JSON object");
        }

        string type = RequiredString(root, "type", "type");
        JsonElement userElement = RequiredObject(root, "user", "user");
        var user = new SlackInteractionUser(
            RequiredString(userElement, "id", "user.id"),
            OptionalString(userElement, "username") ?? OptionalString(userElement, "name"),
            OptionalString(userElement, "team_id"));
        string? teamId = root.TryGetProperty("team", out JsonElement team) && team.ValueKind == JsonValueKind.Object
            ? OptionalString(team, "id")
            : null;
        string? appId = OptionalString(root, "api_app_id");
        string? triggerId = OptionalString(root, "trigger_id");

        return type switch
        {
            "block_actions" => new SlackBlockActions
            {
                Type = type, User = user, TeamId = teamId, ApiAppId = appId, TriggerId = triggerId, Raw = root,
                Actions = ParseActions(root),
                ChannelId = ChannelOf(root),
                MessageTs = root.TryGetProperty("message", out JsonElement message) && message.ValueKind == JsonValueKind.Object
                    ? OptionalString(message, "ts")
                    : root.TryGetProperty("container", out JsonElement c) && c.ValueKind == JsonValueKind.Object ? OptionalString(c, "message_ts") : null,
                ResponseUrl = Uri.TryCreate(OptionalString(root, "response_url"), UriKind.Absolute, out Uri? url) ? url : null,
                ViewId = root.TryGetProperty("view", out JsonElement v) && v.ValueKind == JsonValueKind.Object ? OptionalString(v, "id") : null,
            },
            "view_submission" => ParseViewSubmission(root, type, user, teamId, appId, triggerId),
            _ => new SlackInteraction { Type = type, User = user, TeamId = teamId, ApiAppId = appId, TriggerId = triggerId, Raw = root },
        };
    }

    private static SlackViewSubmission ParseViewSubmission(JsonElement root, string type, SlackInteractionUser user, string? teamId,
        string? appId, string? triggerId)
    {
        JsonElement view = RequiredObject(root, "view", "view");
        JsonElement values = view.TryGetProperty("state", out JsonElement state) && state.ValueKind == JsonValueKind.Object
                             && state.TryGetProperty("values", out JsonElement v)
            ? v
            : default;
        if (values.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined))
        {
            throw SlackErrors.InvalidPayload("'view.state.values' is not an object");
        }

        return new SlackViewSubmission
        {
            Type = type, User = user, TeamId = teamId, ApiAppId = appId, TriggerId = triggerId, Raw = root,
            ViewId = RequiredString(view, "id", "view.id"),
            CallbackId = OptionalString(view, "callback_id"),
            PrivateMetadata = OptionalString(view, "private_metadata"),
            Hash = OptionalString(view, "hash"),
            StateValues = values,
        };
    }

    private static List<SlackAction> ParseActions(JsonElement root)
    {
        if (!root.TryGetProperty("actions", out JsonElement actions) || actions.ValueKind != JsonValueKind.Array)
        {
            throw SlackErrors.InvalidPayload("'actions' is missing or not an array");
        }

        var list = new List<SlackAction>(actions.GetArrayLength());
        int i = 0;
        foreach (JsonElement a in actions.EnumerateArray())
        {
            if (a.ValueKind != JsonValueKind.Object)
            {
                throw SlackErrors.InvalidPayload($"'actions[{i}]' is not an object");
            }

            string? value = OptionalString(a, "value");
            if (value is null && a.TryGetProperty("selected_option", out JsonElement option) && option.ValueKind == JsonValueKind.Object)
            {
                value = OptionalString(option, "value");
            }

            list.Add(new SlackAction
            {
                ActionId = RequiredString(a, "action_id", $"actions[{i}].action_id"),
                BlockId = OptionalString(a, "block_id"),
                Type = OptionalString(a, "type"),
                Value = value,
                ActionTs = OptionalString(a, "action_ts"),
            });
            i++;
        }

        return list;
    }

    private static string? ChannelOf(JsonElement root)
    {
        if (root.TryGetProperty("channel", out JsonElement channel) && channel.ValueKind == JsonValueKind.Object
            && OptionalString(channel, "id") is { } id)
        {
            return id;
        }

        return root.TryGetProperty("container", out JsonElement c) && c.ValueKind == JsonValueKind.Object ? OptionalString(c, "channel_id") : null;
    }

    private static string Decode(ReadOnlySpan<byte> body)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            throw SlackErrors.InvalidPayload("the body is not UTF-8");
        }
    }

    private static string Required(NameValueCollection form, string name) =>
        NullIfEmpty(form[name]) ?? throw SlackErrors.InvalidPayload($"the form field '{name}' is missing");

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static string RequiredString(JsonElement e, string name, string path) =>
        OptionalString(e, name) is { Length: > 0 } s ? s : throw SlackErrors.InvalidPayload($"'{path}' is missing or not a string");

    private static JsonElement RequiredObject(JsonElement e, string name, string path) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Object
            ? v
            : throw SlackErrors.InvalidPayload($"'{path}' is missing or not an object");

    private static string? OptionalString(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
