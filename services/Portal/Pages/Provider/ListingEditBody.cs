using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Pages.Provider;

/// <summary>
/// The Directory's edit replaces the whole listing (EditService.Command): every detail plus the version the editor
/// read. The portal's form edits a few fields, so the body is the listing as last read with those fields replaced;
/// references the service returns expanded (taxonomy terms, locations) go back as the codes and ids it takes.
/// </summary>
public static class ListingEditBody
{
    // Fields GetService returns in the same shape EditService takes.
    private static readonly string[] PassThrough =
        ["attendingType", "eligibility", "cost", "access", "contact", "languages"];

    public static JsonObject From(JsonElement current, EditForm form)
    {
        var body = new JsonObject();
        foreach (var field in PassThrough)
            if (current.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null)
                body[field] = JsonNode.Parse(value.GetRawText());

        body["taxonomyTerms"] = new JsonArray([.. Items(current, "taxonomy").Select(t => JsonValue.Create(t.GetProperty("code").GetString()))]);
        body["locationIds"] = new JsonArray([.. Items(current, "locations").Select(l => JsonValue.Create(l.GetProperty("id").GetGuid()))]);
        body["schedules"] = new JsonArray([.. Items(current, "schedules").Select(s =>
        {
            var schedule = JsonNode.Parse(s.GetRawText())!.AsObject();
            schedule.Remove("nextSession"); // computed by the service, not part of a schedule
            return (JsonNode)schedule;
        })]);

        body["name"] = form.Name?.Trim();
        body["summary"] = Blank(form.Summary);
        body["description"] = Blank(form.Description);
        body["url"] = Blank(form.Website);
        body["gettingThere"] = Blank(form.GettingThere);
        body["firstVisit"] = Blank(form.FirstVisit);
        body["welcomedBy"] = Blank(form.WelcomedBy);
        var contact = body["contact"] as JsonObject ?? new JsonObject();
        contact["email"] = Blank(form.Email);
        contact["phone"] = Blank(form.Phone);
        if (form.MorePhones is { } more)
        {
            // A number the listing already has keeps what the form does not show (extension, kind, languages).
            var known = (contact["morePhones"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            contact["morePhones"] = new JsonArray([.. more.Where(p => Blank(p.Number) is not null).Select(p =>
            {
                var number = p.Number!.Trim();
                var phone = known.FirstOrDefault(k => (string?)k["number"] == number)?.DeepClone().AsObject() ?? new JsonObject();
                phone["number"] = number;
                phone["description"] = Blank(p.Description);
                return (JsonNode)phone;
            })]);
        }
        body["contact"] = contact;
        if (form.Translations is { } translations)
        {
            // Every translation the form shows, the new one when a language was chosen; one cleared of every field goes.
            body["translations"] = new JsonArray([.. translations.Where(t => Blank(t.Language) is not null && !t.IsBlank).Select(t => (JsonNode)new JsonObject
            {
                ["language"] = t.Language!.Trim(), ["name"] = Blank(t.Name), ["summary"] = Blank(t.Summary), ["description"] = Blank(t.Description),
                ["gettingThere"] = Blank(t.GettingThere), ["firstVisit"] = Blank(t.FirstVisit),
            })]);
        }
        // The version the provider saw when the form was drawn, not the one read now: that is what makes a
        // concurrent change a 409 instead of a silent overwrite.
        body["version"] = form.Version;
        return body;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "Also answers an empty sequence when the field is missing.")]
    private static IEnumerable<JsonElement> Items(JsonElement listing, string field) =>
        listing.TryGetProperty(field, out var items) && items.ValueKind == JsonValueKind.Array ? items.EnumerateArray() : [];

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
