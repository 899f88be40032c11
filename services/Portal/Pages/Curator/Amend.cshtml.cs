using System.Text.Json;
using System.Text.Json.Nodes;
using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Curator;

/// <summary>The fields a curator may correct in a proposal before approving it.</summary>
public sealed class AmendForm
{
    public string? Name { get; set; }
    public string? Summary { get; set; }
    public string? Description { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Website { get; set; }
    public string? GettingThere { get; set; }
    public string? FirstVisit { get; set; }
    public string? WelcomedBy { get; set; }
    public List<string> Categories { get; set; } = [];

    public static AmendForm From(JsonElement details)
    {
        var contact = details.TryGetProperty("contact", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        return new AmendForm
        {
            Name = Text(details, "name"), Summary = Text(details, "summary"), Description = Text(details, "description"),
            Email = Text(contact, "email"), Phone = Text(contact, "phone"), Website = Text(details, "url"),
            GettingThere = Text(details, "gettingThere"), FirstVisit = Text(details, "firstVisit"), WelcomedBy = Text(details, "welcomedBy"),
            Categories = details.TryGetProperty("taxonomyTerms", out var terms) && terms.ValueKind == JsonValueKind.Array
                ? [.. terms.EnumerateArray().Select(t => t.GetString()).OfType<string>()]
                : [],
        };
    }

    /// <summary>The proposal's whole listing body with the curator's corrections written over it.</summary>
    public JsonObject Over(JsonElement details)
    {
        var body = JsonNode.Parse(details.GetRawText())!.AsObject();
        body["name"] = Name?.Trim();
        body["summary"] = Blank(Summary);
        body["description"] = Blank(Description);
        body["url"] = Blank(Website);
        body["gettingThere"] = Blank(GettingThere);
        body["firstVisit"] = Blank(FirstVisit);
        body["welcomedBy"] = Blank(WelcomedBy);
        var contact = body["contact"] as JsonObject ?? [];
        contact["email"] = Blank(Email);
        contact["phone"] = Blank(Phone);
        body["contact"] = contact;
        body["taxonomyTerms"] = new JsonArray([.. Categories.Distinct().Select(code => JsonValue.Create(code))]);
        return body;
    }

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>
/// A curator corrects a waiting proposal, then approves it: the form starts as the listing would be once approved, and
/// the Directory checks the amended listing like any other (each problem shown beside its field; the proposal stays
/// waiting until it passes). The listing's history says it was amended by the curator.
/// </summary>
[Authorize(Policy = Roles.Curator)]
public sealed class AmendModel(CurationClient curation, DirectoryClient directory) : PortalPage
{
    [BindProperty(SupportsGet = true)] public Guid ChangeId { get; set; }
    [BindProperty] public AmendForm Amend { get; set; } = new();
    public JsonElement? Proposal { get; private set; }
    public List<TaxonomyGroup> Taxonomy { get; private set; } = [];

    public string ServiceName => Proposal is { } p && p.TryGetProperty("serviceName", out var n) ? n.GetString() ?? "" : "";
    public string OrganisationName => Proposal is { } p && p.TryGetProperty("organisationName", out var n) ? n.GetString() ?? "" : "";
    public bool IsNewListing => Proposal is { } p && p.TryGetProperty("kind", out var k) && k.GetString() == "new-listing";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (Proposal is { } p) Amend = AmendForm.From(p.GetProperty("details"));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Amend.Name)) AddError("name", "Enter the activity's name");
        if (!await LoadAsync(ct)) return NotFound();
        if (HasErrors || Proposal is not { } proposal) return Page();

        var result = await curation.ApproveAmendedAsync(ChangeId, Amend.Over(proposal.GetProperty("details")), ct);
        if (result.Ok)
        {
            Flash($"Approved with your changes: {ServiceName} is live. Its history says you amended it.");
            return RedirectToPage("/Curator/Moderation");
        }
        if (result.Problem?.Status == StatusCodes.Status409Conflict)
        {
            Notices.Add(new Notice("Already decided", result.Problem.Detail ?? "Another curator decided this change first."));
            return Page();
        }
        Check(result, "change", "name");
        // The Directory names the amended listing's fields "details.name", "details.contact.email": on this form they are "name", "contact.email".
        foreach (var error in Errors.ToList())
        {
            var field = FieldOf(error.InputId);
            if (field == error.InputId) continue;
            Errors.Remove(error);
            Errors.Add(error with { InputId = field });
        }
        return Page();
    }

    public static string FieldOf(string inputId)
    {
        const string prefix = "details-";
        if (inputId.StartsWith("taxonomyTerms[", StringComparison.OrdinalIgnoreCase)) return "taxonomyTerms";
        if (!inputId.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return inputId;
        var rest = inputId[prefix.Length..];
        // Each category is checked on its own ("taxonomyTerms[1]"); the form has one group of them.
        if (rest.StartsWith("taxonomyTerms[", StringComparison.OrdinalIgnoreCase)) return "taxonomyTerms";
        var parts = rest.Split('-');
        return string.Join('-', parts.Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
    }

    /// <summary>False when there is no such change (the page is not found).</summary>
    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var proposal = await curation.ProposalAsync(ChangeId, ct);
        if (IsMissing(proposal)) return false;
        if (proposal.Problem?.Status == StatusCodes.Status409Conflict)
            Notices.Add(new Notice("Already decided", proposal.Problem?.Detail ?? "This change has already been decided."));
        else if (Check(proposal, "change")) Proposal = proposal.Value;
        var taxonomy = await directory.CategoriesAsync(ct);
        if (taxonomy.Ok) Taxonomy = taxonomy.Value!;
        return true;
    }
}
