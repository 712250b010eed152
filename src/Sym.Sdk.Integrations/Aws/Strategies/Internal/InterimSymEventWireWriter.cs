using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Sym.Sdk.Integrations.Aws.Strategies.Internal;

/// <summary>
/// A minimal writer of Sym's schema-4 event JSON (the shape of <c>fixtures/sym-events/escalate-v4.json</c>): id, meta,
/// run (srn, parent, flow, actors), event (srn, type, template, timestamp, channel), actor, fields (with target and
/// target_id) and type. Interim until <c>SymEventJson</c> is merged; it writes what the model holds and nothing more.
/// </summary>
internal sealed class InterimSymEventWireWriter : ISymEventWireWriter
{
    public static InterimSymEventWireWriter Instance { get; } = new();

    public byte[] Serialize(Event evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", evt.Id);
            w.WriteStartObject("meta");
            w.WriteNumber("schema_version", evt.Meta.SchemaVersion);
            w.WriteEndObject();

            w.WriteStartObject("run");
            WriteOptional(w, "srn", evt.Run.Srn?.ToString() ?? evt.Run.Id);
            WriteOptional(w, "parent", evt.Run.Parent?.ToString());
            WriteOptional(w, "flow", evt.Run.FlowSrn?.ToString() ?? evt.Flow.Srn?.ToString());
            w.WriteStartObject("actors");
            foreach (KeyValuePair<string, User> actor in evt.Run.Actors)
            {
                w.WritePropertyName(actor.Key);
                WriteUser(w, actor.Value, evt.Channel);
            }

            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartObject("event");
            WriteOptional(w, "srn", evt.Payload.Srn?.ToString());
            w.WriteString("type", evt.Name);
            WriteOptional(w, "template", evt.Template.Srn?.ToString());
            w.WriteString("timestamp", evt.Payload.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
            WriteOptional(w, "channel", evt.Channel);
            w.WriteEndObject();

            w.WritePropertyName("actor");
            WriteUser(w, evt.User, evt.Channel);

            w.WriteStartObject("fields");
            foreach (KeyValuePair<string, JsonElement> field in evt.Fields)
            {
                if (field.Key is "target" or "target_id")
                {
                    continue;
                }

                w.WritePropertyName(field.Key);
                field.Value.WriteTo(w);
            }

            if (evt.Fields.Target is { } target)
            {
                w.WriteStartObject("target");
                w.WriteString("name", target.Name);
                WriteOptional(w, "srn", target.Srn?.ToString());
                w.WriteString("type", target.Type);
                WriteOptional(w, "label", target.Label);
                w.WriteStartObject("settings");
                foreach (KeyValuePair<string, string> setting in target.Settings)
                {
                    w.WriteString(setting.Key, setting.Value);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            WriteOptional(w, "target_id", evt.Fields.TargetId);
            w.WriteEndObject();
            w.WriteString("type", "event");
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteUser(Utf8JsonWriter w, User user, string? channel)
    {
        w.WriteStartObject();
        WriteOptional(w, "user", user.Srn?.ToString() ?? (user.Id.Length > 0 ? user.Id : null));
        WriteOptional(w, "name", user.Name);
        w.WriteString("username", user.Username);
        UserIdentity? identity = (channel is { Length: > 0 } ? user.Identity(channel) : null) ?? user.Identities.FirstOrDefault();
        if (identity is not null)
        {
            w.WriteStartObject("identity");
            w.WriteString("service", identity.Service);
            WriteOptional(w, "external_id", identity.ServiceId);
            WriteOptional(w, "user_id", identity.UserId);
            WriteOptional(w, "email", identity.Email);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
