namespace Sym.Sdk.Forms;

/// <summary>The type of a prompt field. Extensible; the engine validates the types listed here.</summary>
/// <param name="Value">The wire value, for example <c>duration</c>.</param>
public readonly record struct FieldType(string Value)
{
    /// <summary>Free text.</summary>
    public static FieldType String { get; } = new("string");

    /// <summary>An integer.</summary>
    public static FieldType Int { get; } = new("int");

    /// <summary>A boolean (a checkbox).</summary>
    public static FieldType Bool { get; } = new("bool");

    /// <summary>A duration: seconds on the wire, or text such as <c>30m</c>, <c>1h</c>, <c>1d</c>, <c>1mo</c>.</summary>
    public static FieldType Duration { get; } = new("duration");

    /// <summary>One Slack user id.</summary>
    public static FieldType SlackUser { get; } = new("slack_user");

    /// <summary>A list of Slack user ids.</summary>
    public static FieldType SlackUserList { get; } = new("slack_user_list");

    /// <summary>A list of strings.</summary>
    public static FieldType StrList { get; } = new("str_list");

    /// <summary>A list of integers.</summary>
    public static FieldType IntList { get; } = new("int_list");

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
