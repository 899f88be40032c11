using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Curator;

/// <summary>
/// The taxonomy manager: every term as a tree with how many listings use it; add, rename or move, merge and retire a
/// term (every listing it touches is re-indexed by the Directory).
/// </summary>
[Authorize(Policy = Roles.Curator)]
public sealed class TaxonomyModel(CurationClient curation) : PortalPage
{
    public List<TaxonomyNode> Tree { get; private set; } = [];

    /// <summary>Each taxonomy's live terms in tree order, with their depth.</summary>
    public IEnumerable<(TermNode Term, int Depth)> Ordered(TaxonomyNode taxonomy)
    {
        var children = taxonomy.Terms.ToLookup(t => t.ParentId);
        IEnumerable<(TermNode, int)> Walk(Guid? parent, int depth) =>
            children[parent].OrderBy(t => t.Name).SelectMany(t => new[] { (t, depth) }.Concat(Walk(t.Id, depth + 1)));
        var known = taxonomy.Terms.Select(t => t.Id).ToHashSet();
        // Top level: no parent, or a parent in another taxonomy.
        return taxonomy.Terms.Where(t => t.ParentId is null || !known.Contains(t.ParentId.Value)).OrderBy(t => t.Name)
            .SelectMany(t => new[] { (t, 0) }.Concat(Walk(t.Id, 1)));
    }

    public IEnumerable<TermNode> Live => Tree.SelectMany(t => t.Terms).Where(t => !t.Retired).OrderBy(t => t.Name);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(Guid taxonomyId, string? name, string? code, string? parent, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name)) AddError("add-name", "Enter the new term's name");
        var slug = string.IsNullOrWhiteSpace(code) ? Slug(name) : code.Trim();
        if (!HasErrors && Check(await curation.AddTermAsync(taxonomyId, slug, name!.Trim(), Blank(parent), ct), "taxonomy", "add-name"))
            return Done($"Added {name.Trim()}.");
        return await AgainAsync(ct);
    }

    public async Task<IActionResult> OnPostUpdateAsync(string? term, string? name, string? parent, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(term)) AddError("update-term", "Choose a term");
        if (string.IsNullOrWhiteSpace(name)) AddError("update-name", "Enter the term's name");
        if (HasErrors) return await AgainAsync(ct);
        var result = await curation.UpdateTermAsync(term!, name!.Trim(), null, Blank(parent), ct);
        if (Check(result, "taxonomy term", "update-term"))
            return Done($"Saved {result.Value!.Name}; {result.Value.ListingsReindexed} listings re-indexed.");
        return await AgainAsync(ct);
    }

    public async Task<IActionResult> OnPostMergeAsync(string? term, string? into, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(term)) AddError("merge-term", "Choose the term to merge");
        if (string.IsNullOrWhiteSpace(into)) AddError("merge-into", "Choose the term to merge it into");
        if (HasErrors) return await AgainAsync(ct);
        var result = await curation.MergeTermAsync(term!, into!, ct);
        if (Check(result, "taxonomy term", "merge-term"))
            return Done($"Merged into {result.Value!.Name}; {result.Value.ListingsReindexed} listings re-indexed.");
        return await AgainAsync(ct);
    }

    public async Task<IActionResult> OnPostRetireAsync(string? term, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(term)) { AddError("retire-term", "Choose the term to retire"); return await AgainAsync(ct); }
        var result = await curation.RetireTermAsync(term, ct);
        if (Check(result, "taxonomy term", "retire-term"))
            return Done($"Retired {result.Value!.Name}; it was taken off {result.Value.ListingsReindexed} listings.");
        return await AgainAsync(ct);
    }

    private RedirectToPageResult Done(string message)
    {
        Flash(message);
        return RedirectToPage();
    }

    private async Task<IActionResult> AgainAsync(CancellationToken ct)
    {
        // The services name their fields ("into", "parentCode", "code"): each form shows them beside its own first field.
        foreach (var error in Errors.Where(e => e.InputId is "into" or "parentCode" or "code" or "name" or "taxonomyId").ToList())
        {
            Errors.Remove(error);
            AddError(error.InputId == "into" ? "merge-into" : "update-term", error.Message);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var tree = await curation.TreeAsync(ct);
        if (Check(tree, "taxonomy")) Tree = tree.Value!;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>"Walking groups" → "walking-groups".</summary>
    public static string Slug(string? name) =>
        string.Join('-', (name ?? "").ToLowerInvariant().Split([.. (name ?? "").Where(c => !char.IsAsciiLetterOrDigit(c)).Distinct()], StringSplitOptions.RemoveEmptyEntries));
}
