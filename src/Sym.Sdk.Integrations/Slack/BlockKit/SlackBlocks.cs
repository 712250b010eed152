using System.Text.Json;
using System.Text.Json.Nodes;
using Sym.Sdk.Integrations.Slack.Internal;

namespace Sym.Sdk.Integrations.Slack.BlockKit;

/// <summary>
/// A Block Kit layout block of a message: immutable, and written to Slack's JSON only when the message is sent. The blocks
/// the SDK's messages use are modelled (<see cref="SlackHeaderBlock"/>, <see cref="SlackSectionBlock"/>,
/// <see cref="SlackContextBlock"/>, <see cref="SlackActionsBlock"/>, <see cref="SlackDividerBlock"/>); any other block
/// Slack documents can be sent as JSON with <see cref="FromJson"/>.
/// </summary>
public abstract class SlackBlock
{
    private protected SlackBlock()
    {
    }

    /// <summary>The block's <c>block_id</c> (at most 255 characters), or <see langword="null"/> to let Slack make one.</summary>
    public string? BlockId { get; init; }

    /// <summary>
    /// A block Slack documents that this model does not (an image, an input, a rich text block…), from its JSON. The JSON is
    /// parsed and checked now: an object with a <c>type</c>.
    /// </summary>
    /// <param name="json">The block's JSON, for example <c>{"type":"image","image_url":"…","alt_text":"…"}</c>.</param>
    /// <returns>The block.</returns>
    /// <exception cref="ArgumentException">The JSON is not an object with a string <c>type</c>.</exception>
    public static SlackBlock FromJson(string json)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The block is not JSON: {e.Message}", nameof(json), e);
        }

        if (node is not JsonObject block || block["type"] is not JsonValue type || type.GetValueKind() != JsonValueKind.String)
        {
            throw new ArgumentException("A Block Kit block is a JSON object with a string \"type\".", nameof(json));
        }

        return new SlackJsonBlock(block.ToJsonString(), (string?)block["block_id"]);
    }

    /// <summary>The blocks as Slack's JSON array, as they are sent (for logs, snapshots and tests).</summary>
    /// <param name="blocks">The blocks.</param>
    /// <returns>The JSON.</returns>
    public static string ToJson(IEnumerable<SlackBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        return ToJsonArray(blocks).ToJsonString();
    }

    internal static JsonArray ToJsonArray(IEnumerable<SlackBlock> blocks)
    {
        var array = new JsonArray();
        foreach (SlackBlock block in blocks)
        {
            array.Push(block.ToJsonObject());
        }

        return array;
    }

    /// <summary>The block as a new JSON object.</summary>
    internal abstract JsonObject ToJsonObject();

    /// <summary>A new object with <c>type</c> and, when set, <c>block_id</c>, in Slack's order.</summary>
    private protected JsonObject Start(string type)
    {
        var o = new JsonObject { ["type"] = type };
        if (BlockId is not null)
        {
            o["block_id"] = BlockId;
        }

        return o;
    }
}

/// <summary>A header: large plain text (at most 150 characters; longer text is cut with an ellipsis).</summary>
/// <param name="text">The header's text.</param>
public sealed class SlackHeaderBlock(string text) : SlackBlock
{
    /// <summary>The header's text.</summary>
    public string Text { get; } = text ?? throw new ArgumentNullException(nameof(text));

    internal override JsonObject ToJsonObject()
    {
        JsonObject o = Start("header");
        o["text"] = SlackText.Plain(Text, 150).ToJsonObject();
        return o;
    }
}

/// <summary>A section: text, up to 10 two-column fields, or both.</summary>
/// <param name="text">The text, or <see langword="null"/> when the section has only fields.</param>
public sealed class SlackSectionBlock(SlackText? text) : SlackBlock
{
    /// <summary>The text, or <see langword="null"/> when the section has only fields.</summary>
    public SlackText? Text { get; } = text;

    /// <summary>The fields, shown in two columns (Slack allows 10). The default value is empty.</summary>
    public IReadOnlyList<SlackText> Fields { get; init; } = [];

    internal override JsonObject ToJsonObject()
    {
        JsonObject o = Start("section");
        if (Text is not null)
        {
            o["text"] = Text.ToJsonObject();
        }

        if (Fields.Count > 0)
        {
            var fields = new JsonArray();
            foreach (SlackText field in Fields)
            {
                fields.Push(field.ToJsonObject());
            }

            o["fields"] = fields;
        }

        return o;
    }
}

/// <summary>A context line: small text elements.</summary>
/// <param name="elements">The texts.</param>
public sealed class SlackContextBlock(IReadOnlyList<SlackText> elements) : SlackBlock
{
    /// <summary>The texts.</summary>
    public IReadOnlyList<SlackText> Elements { get; } = elements ?? throw new ArgumentNullException(nameof(elements));

    internal override JsonObject ToJsonObject()
    {
        JsonObject o = Start("context");
        var elements = new JsonArray();
        foreach (SlackText text in Elements)
        {
            elements.Push(text.ToJsonObject());
        }

        o["elements"] = elements;
        return o;
    }
}

/// <summary>A row of interactive elements: buttons and selects.</summary>
/// <param name="elements">The elements (Slack allows 25).</param>
public sealed class SlackActionsBlock(IReadOnlyList<SlackElement> elements) : SlackBlock
{
    /// <summary>The elements.</summary>
    public IReadOnlyList<SlackElement> Elements { get; } = elements ?? throw new ArgumentNullException(nameof(elements));

    internal override JsonObject ToJsonObject()
    {
        JsonObject o = Start("actions");
        var elements = new JsonArray();
        foreach (SlackElement element in Elements)
        {
            elements.Push(element.ToJsonObject());
        }

        o["elements"] = elements;
        return o;
    }
}

/// <summary>A divider line.</summary>
public sealed class SlackDividerBlock : SlackBlock
{
    internal override JsonObject ToJsonObject() => Start("divider");
}

/// <summary>A block given as JSON (<see cref="SlackBlock.FromJson"/>), kept as its text so it stays immutable.</summary>
internal sealed class SlackJsonBlock : SlackBlock
{
    private readonly string _json;

    public SlackJsonBlock(string json, string? blockId)
    {
        _json = json;
        BlockId = blockId;
    }

    internal override JsonObject ToJsonObject()
    {
        var o = (JsonObject)JsonNode.Parse(_json)!;
        if (BlockId is not null)
        {
            o["block_id"] = BlockId;
        }

        return o;
    }
}

/// <summary>How a text object is read: plain text or Slack's mrkdwn.</summary>
public enum SlackTextFormat
{
    /// <summary>Slack's mrkdwn (<c>mrkdwn</c>): <c>*bold*</c>, links, mentions.</summary>
    Markdown,

    /// <summary>Plain text (<c>plain_text</c>), with emoji codes shown as emoji.</summary>
    Plain,
}

/// <summary>A text object: mrkdwn or plain text.</summary>
public sealed class SlackText
{
    private SlackText(string text, SlackTextFormat format)
    {
        Text = text;
        Format = format;
    }

    /// <summary>The text.</summary>
    public string Text { get; }

    /// <summary>How it is read.</summary>
    public SlackTextFormat Format { get; }

    /// <summary>Mrkdwn text. Escape what people typed with <see cref="Escape"/> before putting it in mrkdwn.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text object.</returns>
    public static SlackText Markdown(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(text, SlackTextFormat.Markdown);
    }

    /// <summary>Plain text, cut with an ellipsis at <paramref name="maxLength"/> (Slack refuses longer labels).</summary>
    /// <param name="text">The text.</param>
    /// <param name="maxLength">The most characters kept. The default, 75, is Slack's limit for button and option labels.</param>
    /// <returns>The text object.</returns>
    public static SlackText Plain(string text, int maxLength = 75)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        return new(text.Length <= maxLength ? text : text[..(maxLength - 1)] + "…", SlackTextFormat.Plain);
    }

    /// <summary>Escapes the three characters Slack gives meaning to in mrkdwn: &amp;, &lt; and &gt;.</summary>
    /// <param name="text">Text people typed.</param>
    /// <returns>The escaped text.</returns>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Mrkdwn.Escape(text);
    }

    internal JsonObject ToJsonObject() => Format == SlackTextFormat.Markdown
        ? new JsonObject { ["type"] = "mrkdwn", ["text"] = Text }
        : new JsonObject { ["type"] = "plain_text", ["text"] = Text, ["emoji"] = true };
}

/// <summary>An interactive element of an actions block: a <see cref="SlackButton"/> or a <see cref="SlackStaticSelect"/>.</summary>
public abstract class SlackElement
{
    private protected SlackElement(string actionId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actionId);
        ActionId = actionId;
    }

    /// <summary>The <c>action_id</c> Slack sends back when the element is used.</summary>
    public string ActionId { get; }

    internal abstract JsonObject ToJsonObject();
}

/// <summary>How a button looks.</summary>
public enum SlackButtonStyle
{
    /// <summary>Slack's default (grey) button.</summary>
    Default,

    /// <summary>A green button, for the action people expect.</summary>
    Primary,

    /// <summary>A red button, for a destructive action.</summary>
    Danger,
}

/// <summary>A button.</summary>
public sealed class SlackButton : SlackElement
{
    /// <summary>Creates a button.</summary>
    /// <param name="actionId">The <c>action_id</c>.</param>
    /// <param name="text">The label (plain text, cut at 75 characters).</param>
    /// <param name="value">The value Slack sends back, for example a run id.</param>
    public SlackButton(string actionId, string text, string? value = null)
        : base(actionId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        Text = text;
        Value = value;
    }

    /// <summary>The label.</summary>
    public string Text { get; }

    /// <summary>The value Slack sends back, or <see langword="null"/>.</summary>
    public string? Value { get; }

    /// <summary>How it looks. The default value is <see cref="SlackButtonStyle.Default"/>.</summary>
    public SlackButtonStyle Style { get; init; }

    /// <summary>A dialog Slack shows before the click counts, or <see langword="null"/> (the default) for none.</summary>
    public SlackConfirmDialog? Confirm { get; init; }

    internal override JsonObject ToJsonObject()
    {
        var o = new JsonObject { ["type"] = "button", ["action_id"] = ActionId, ["text"] = SlackText.Plain(Text).ToJsonObject() };
        if (Style != SlackButtonStyle.Default)
        {
            o["style"] = Style == SlackButtonStyle.Primary ? "primary" : "danger";
        }

        if (Value is not null)
        {
            o["value"] = Value;
        }

        if (Confirm is not null)
        {
            o["confirm"] = Confirm.ToJsonObject();
        }

        return o;
    }
}

/// <summary>A confirmation dialog (plain text; Slack's limits applied: title 100, text 300, buttons 30 characters).</summary>
/// <param name="title">The title.</param>
/// <param name="text">The question.</param>
/// <param name="confirmText">The label of the button that goes ahead.</param>
/// <param name="denyText">The label of the button that backs out.</param>
public sealed class SlackConfirmDialog(string title, string text, string confirmText, string denyText)
{
    /// <summary>The title.</summary>
    public string Title { get; } = title ?? throw new ArgumentNullException(nameof(title));

    /// <summary>The question.</summary>
    public string Text { get; } = text ?? throw new ArgumentNullException(nameof(text));

    /// <summary>The label of the button that goes ahead.</summary>
    public string ConfirmText { get; } = confirmText ?? throw new ArgumentNullException(nameof(confirmText));

    /// <summary>The label of the button that backs out.</summary>
    public string DenyText { get; } = denyText ?? throw new ArgumentNullException(nameof(denyText));

    internal JsonObject ToJsonObject() => new()
    {
        ["title"] = SlackText.Plain(Title, 100).ToJsonObject(),
        ["text"] = SlackText.Plain(Text, 300).ToJsonObject(),
        ["confirm"] = SlackText.Plain(ConfirmText, 30).ToJsonObject(),
        ["deny"] = SlackText.Plain(DenyText, 30).ToJsonObject(),
    };
}

/// <summary>A select menu of fixed options.</summary>
public sealed class SlackStaticSelect : SlackElement
{
    /// <summary>Creates a select menu.</summary>
    /// <param name="actionId">The <c>action_id</c>.</param>
    /// <param name="options">The options (Slack allows 100).</param>
    public SlackStaticSelect(string actionId, IReadOnlyList<SlackOption> options)
        : base(actionId)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The options.</summary>
    public IReadOnlyList<SlackOption> Options { get; }

    /// <summary>The text shown before a choice, or <see langword="null"/> (the default).</summary>
    public string? Placeholder { get; init; }

    internal override JsonObject ToJsonObject()
    {
        var o = new JsonObject { ["type"] = "static_select", ["action_id"] = ActionId };
        if (Placeholder is not null)
        {
            o["placeholder"] = SlackText.Plain(Placeholder).ToJsonObject();
        }

        var options = new JsonArray();
        foreach (SlackOption option in Options)
        {
            options.Push(new JsonObject { ["text"] = SlackText.Plain(option.Label).ToJsonObject(), ["value"] = option.Value });
        }

        o["options"] = options;
        return o;
    }
}

/// <summary>An option of a select menu.</summary>
/// <param name="value">The value Slack sends back (at most 150 characters).</param>
/// <param name="label">The label (plain text, cut at 75 characters).</param>
public sealed class SlackOption(string value, string label)
{
    /// <summary>The value Slack sends back.</summary>
    public string Value { get; } = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>The label.</summary>
    public string Label { get; } = label ?? throw new ArgumentNullException(nameof(label));
}
