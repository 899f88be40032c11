using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;

namespace BuildingBlocks.Validation;

/// <summary>
/// No control characters but tabs and line breaks, and no half characters (unpaired surrogates): nothing a person
/// types has them, PostgreSQL rejects NUL in text and the driver cannot encode the other (a 500 on saving or
/// searching, not a 400, if they got that far).
/// </summary>
public static class PlainText
{
    public static bool IsPlain(string? text)
    {
        if (text is null) return true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(c) || (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))) return false;
        }
        return true;
    }

    /// <summary>A field-level rule, for a 400 that names the field.</summary>
    public static IRuleBuilderOptions<T, string?> MustBePlainText<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(IsPlain).WithMessage("'{PropertyName}' must not contain control characters.");
}

/// <summary>
/// Every string in every JSON request body of every service is plain text, or the body is refused (400) before any
/// handler sees it: a new field cannot forget the rule.
/// </summary>
public sealed class PlainTextJsonConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return PlainText.IsPlain(text) ? text : throw new JsonException("Text must not contain control characters.");
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
