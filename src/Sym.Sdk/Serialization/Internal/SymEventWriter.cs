using System.Runtime.InteropServices;
using System.Text.Json;

namespace Sym.Sdk.Serialization.Internal;

/// <summary>
/// Writes an <see cref="Event"/> as Sym's event JSON. Members a parsed event kept in its <see cref="WireMembers"/>
/// (unknown members, raw forms of normalised values) are written back; everything else comes from the model.
/// </summary>
internal static class SymEventWriter
{
    public static void Write(Utf8JsonWriter writer, Event evt)
    {
        WireMembers? root = evt.WireDocument;
        writer.WriteStartObject();

        if (!TryWriteKept(writer, root, "id", evt.Id) && (root is not null || evt.Id.Length > 0))
        {
            writer.WriteString("id"u8, evt.Id);
        }

        if (!TryWriteKept(writer, root, "meta", evt.Meta))
        {
            writer.WritePropertyName("meta"u8);
            WriteMeta(writer, evt.Meta);
        }

        if (!TryWriteKept(writer, root, "run", evt.Run))
        {
            writer.WritePropertyName("run"u8);
            WriteRun(writer, evt.Run, evt.Flow);
        }

        writer.WritePropertyName("event"u8);
        WriteEventSection(writer, evt);

        writer.WritePropertyName("actor"u8);
        WriteUser(writer, evt.Payload.User);

        if (!TryWriteKept(writer, root, "fields", evt.Payload.Fields))
        {
            writer.WritePropertyName("fields"u8);
            WriteFields(writer, evt.Payload.Fields);
        }

        if (root is null)
        {
            // An event built in code: the document kind the platform always sends.
            writer.WriteString("type"u8, "event"u8);
        }
        else
        {
            WriteUnknown(writer, root);
        }

        writer.WriteEndObject();
    }

    private static void WriteMeta(Utf8JsonWriter writer, EventMeta meta)
    {
        writer.WriteStartObject();
        if (!TryWriteKept(writer, meta.Wire, "schema_version", meta.SchemaVersion))
        {
            writer.WriteNumber("schema_version"u8, meta.SchemaVersion);
        }

        WriteUnknown(writer, meta.Wire);
        writer.WriteEndObject();
    }

    private static void WriteRun(Utf8JsonWriter writer, Run run, Flow flow)
    {
        WireMembers? bag = run.Wire;
        writer.WriteStartObject();
        WriteSrn(writer, bag, "srn", run.Srn ?? (bag is null ? SynthesizeRunSrn(run, flow) : null));
        WriteSrn(writer, bag, "parent", run.Parent);
        WriteSrn(writer, bag, "flow", run.FlowSrn ?? (bag is null ? flow.Srn : null));
        if (!TryWriteKept(writer, bag, "actors", run.Actors))
        {
            writer.WriteStartObject("actors"u8);
            foreach (KeyValuePair<string, User> actor in run.Actors)
            {
                writer.WritePropertyName(actor.Key);
                WriteUser(writer, actor.Value);
            }

            writer.WriteEndObject();
        }

        WriteUnknown(writer, bag);
        writer.WriteEndObject();
    }

    /// <summary>A run built in code with an id but no SRN gets the platform's form, <c>org:run:flow:version:id</c>.</summary>
    private static Srn? SynthesizeRunSrn(Run run, Flow flow)
    {
        Srn? flowSrn = run.FlowSrn ?? flow.Srn;
        return flowSrn is null || run.Id.Length == 0 || run.Id.Contains(':', StringComparison.Ordinal)
            ? null
            : new Srn(flowSrn.Org, "run", flowSrn.Slug, flowSrn.Version, identifier: run.Id);
    }

    private static void WriteEventSection(Utf8JsonWriter writer, Event evt)
    {
        WireMembers? bag = evt.WireEventSection;
        writer.WriteStartObject();
        WriteSrn(writer, bag, "srn", evt.Payload.Srn);
        writer.WriteString("type"u8, evt.Name);
        if (!TryWriteKept(writer, bag, "template", evt.Template) && evt.Template.Srn is { } template)
        {
            writer.WriteString("template"u8, template.ToString());
        }

        if (!TryWriteKept(writer, bag, "timestamp", evt.Payload.Timestamp))
        {
            writer.WriteString("timestamp"u8, evt.Payload.Timestamp);
        }

        if (!TryWriteKept(writer, bag, "channel", evt.Channel) && evt.Channel is not null)
        {
            writer.WriteString("channel"u8, evt.Channel);
        }

        WriteUnknown(writer, bag);
        writer.WriteEndObject();
    }

    private static void WriteUser(Utf8JsonWriter writer, User user)
    {
        WireMembers? bag = user.Wire;
        writer.WriteStartObject();
        WriteSrn(writer, bag, "user", user.Srn ?? (bag is null ? SynthesizeUserSrn(user) : null));
        if (!TryWriteKept(writer, bag, "name", user.Name) && user.Name is not null)
        {
            writer.WriteString("name"u8, user.Name);
        }

        writer.WriteString("username"u8, user.Username);
        if (!TryWriteKept(writer, bag, "identity", user.Identities) && user.Identities.Count > 0)
        {
            // The wire carries one identity per actor: the one the platform matched the actor by.
            writer.WritePropertyName("identity"u8);
            WriteIdentity(writer, user.Identities[0]);
        }

        WriteUnknown(writer, bag);
        writer.WriteEndObject();
    }

    /// <summary>A user built in code with an id but no SRN gets the platform's form, <c>sym:user:id:latest</c>.</summary>
    private static Srn? SynthesizeUserSrn(User user) =>
        user.Id.Length > 0 && Srn.TryParse($"sym:user:{user.Id}:latest", out Srn? srn) ? srn : null;

    private static void WriteIdentity(Utf8JsonWriter writer, UserIdentity identity)
    {
        WireMembers? bag = identity.Wire;
        writer.WriteStartObject();
        writer.WriteString("service"u8, identity.Service);
        WriteOptional(writer, bag, "external_id", identity.ServiceId);
        WriteOptional(writer, bag, "user_id", identity.UserId);
        WriteOptional(writer, bag, "email", identity.Email);
        WriteUnknown(writer, bag);
        writer.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter writer, EventFields fields)
    {
        writer.WriteStartObject();
        if (fields.Store is RawFieldValues raw)
        {
            // Parsed fields: each value's own bytes, without building the DOM.
            for (int i = 0; i < raw.Length; i++)
            {
                ReadOnlySpan<byte> value = raw.GetRaw(i, out string name, out bool shadowed);
                if (!shadowed)
                {
                    writer.WritePropertyName(name);
                    writer.WriteRawValue(value, skipInputValidation: true);
                }
            }
        }
        else
        {
            foreach (KeyValuePair<string, JsonElement> field in fields)
            {
                if (field.Value.ValueKind == JsonValueKind.Undefined)
                {
                    throw new ArgumentException($"Field '{field.Key}' has no value (a default JsonElement).", nameof(fields));
                }

                // The value's own bytes: exact, and no decode and re-encode of every string.
                writer.WritePropertyName(field.Key);
                writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(field.Value), skipInputValidation: true);
            }
        }

        // Fields built in code may carry the target only as a model; the platform sends it as a member.
        if (fields.Target is { } target && !fields.ContainsKey("target"))
        {
            writer.WritePropertyName("target"u8);
            WriteTarget(writer, target);
            if (!fields.ContainsKey("target_id"))
            {
                writer.WriteString("target_id"u8, target.Id);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteTarget(Utf8JsonWriter writer, AccessTarget target)
    {
        writer.WriteStartObject();
        writer.WriteString("name"u8, target.Name);
        if (target.Srn is not null)
        {
            writer.WriteString("srn"u8, target.Srn.ToString());
        }

        writer.WriteString("type"u8, target.Type);
        if (target.Label is not null)
        {
            writer.WriteString("label"u8, target.Label);
        }

        writer.WriteStartObject("settings"u8);
        foreach (KeyValuePair<string, string> setting in target.Settings)
        {
            writer.WriteString(setting.Key, setting.Value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteSrn(Utf8JsonWriter writer, WireMembers? bag, string name, Srn? srn)
    {
        if (!TryWriteKept(writer, bag, name, srn) && srn is not null)
        {
            writer.WriteString(name, srn.ToString());
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, WireMembers? bag, string name, string? value)
    {
        if (!TryWriteKept(writer, bag, name, value) && value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>
    /// Writes the raw form kept for a known member while the model still holds the value it was parsed to (nothing,
    /// when the member was absent). Returns whether the member is dealt with.
    /// </summary>
    private static bool TryWriteKept<T>(Utf8JsonWriter writer, WireMembers? bag, string name, T current)
    {
        if (bag is null || !bag.TryGetKnown(name, out WireMembers.Entry kept))
        {
            return false;
        }

        bool unchanged = kept.Parsed is null ? current is null : kept.Parsed is T parsed && EqualityComparer<T>.Default.Equals(parsed, current);
        if (!unchanged)
        {
            return false;
        }

        if (kept.Raw is not null)
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(kept.Raw, skipInputValidation: true);
        }

        return true;
    }

    private static void WriteUnknown(Utf8JsonWriter writer, WireMembers? bag)
    {
        if (bag is null || !bag.HasUnknown)
        {
            return;
        }

        foreach (WireMembers.Entry member in bag.Unknown)
        {
            writer.WritePropertyName(member.Name);
            writer.WriteRawValue(member.Raw!, skipInputValidation: true);
        }
    }
}
