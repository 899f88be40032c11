using System.Text.Json;
using System.Text.Json.Serialization;
using DirectoryService.Domain;

namespace DirectoryService.Features.Services;

/// <summary>How proposed listings are stored in the moderation queue (the same JSON shape the API takes).</summary>
public static class ListingJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static string Serialize(ServiceDetails details) => JsonSerializer.Serialize(details, Options);

    public static ServiceDetails Deserialize(string json) =>
        (JsonSerializer.Deserialize<ServiceDetails>(json, Options) ?? throw new InvalidOperationException("Empty proposal")).WithDefaults();

    public static JsonElement Element(string json) => JsonSerializer.Deserialize<JsonElement>(json);
}
