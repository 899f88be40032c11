using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Curator;

/// <summary>
/// The search vocabulary: the rules that make a search for what people type also find the words listings use. Curators
/// find rules (by a phrase, by kind), add, change and delete them, and try one with a search; the Directory checks
/// each rule and uses it from the next search on.
/// </summary>
[Authorize(Policy = Roles.Curator)]
public sealed class VocabularyModel(CurationClient curation) : PortalPage
{
    public const int PageSize = 25;
    public static readonly IReadOnlyList<(string Kind, string Label)> Kinds = [("words", "Other words"), ("meaning", "Meaning")];

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    /// <summary>The rule whose form is shown filled in, to change it.</summary>
    [BindProperty(SupportsGet = true)] public Guid? Edit { get; set; }

    [BindProperty] public RuleForm Form { get; set; } = new();

    public sealed class RuleForm
    {
        public Guid? Id { get; set; }
        public string? Typed { get; set; }
        public string? AlsoFinds { get; set; }
        public string? Kind { get; set; } = "words";
        public string? Note { get; set; }
    }

    public VocabularyPage Rules { get; private set; } = new([], 1, PageSize, 0);
    public int Pages => Math.Max(1, (Rules.Total + PageSize - 1) / PageSize);

    public static string KindLabel(string kind) => Kinds.FirstOrDefault(k => k.Kind == kind).Label ?? kind;

    /// <summary>A link that runs a search as a resident would, for a rule's first phrase.</summary>
    public static string TryIt(VocabularyRule rule) => $"/search?q={Uri.EscapeDataString(rule.Typed[0])}";

    /// <summary>This list's address with another page number.</summary>
    public string PageLink(int page) =>
        $"?q={Uri.EscapeDataString(Q ?? "")}&kind={Uri.EscapeDataString(Kind ?? "")}&p={page}";

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Edit is { } id)
        {
            var rule = await curation.VocabularyRuleAsync(id, ct);
            if (Check(rule, "vocabulary rule"))
                Form = new RuleForm
                {
                    Id = id, Typed = string.Join(", ", rule.Value!.Typed), AlsoFinds = string.Join(", ", rule.Value.AlsoFinds),
                    Kind = rule.Value.Kind, Note = rule.Value.Note,
                };
        }
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var typed = Phrases(Form.Typed);
        var alsoFinds = Phrases(Form.AlsoFinds);
        if (typed.Count == 0) AddError("typed", "Enter what people type, phrases separated by commas");
        if (alsoFinds.Count == 0) AddError("alsoFinds", "Enter what it should also find, phrases separated by commas");
        if (!Kinds.Any(k => k.Kind == Form.Kind)) AddError("kind", "Choose the kind of rule");
        if (HasErrors) return await AgainAsync(ct);
        var saved = await curation.SaveVocabularyRuleAsync(Form.Id, Form.Kind!, typed, alsoFinds, Form.Note, ct);
        if (!Check(saved, "vocabulary rule", "typed")) return await AgainAsync(ct);
        Flash($"Saved the rule for {string.Join(", ", saved.Value!.Typed)}: searches use it now.");
        return RedirectToPage(new { q = saved.Value.Typed[0] });
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, string? phrase, CancellationToken ct)
    {
        if (!Check(await curation.DeleteVocabularyRuleAsync(id, ct), "vocabulary rule")) return await AgainAsync(ct);
        Flash($"Deleted the rule for {phrase ?? "the phrase"}.");
        return RedirectToPage(new { q = Q, kind = Kind, p = PageNumber });
    }

    private async Task<IActionResult> AgainAsync(CancellationToken ct)
    {
        // The Directory names a phrase by its place in the list ("typed[2]"): shown beside the field it came from.
        foreach (var error in Errors.Where(e => e.InputId.Contains('[')).ToList())
        {
            Errors.Remove(error);
            AddError(error.InputId[..error.InputId.IndexOf('[')], error.Message);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        PageNumber = Math.Clamp(PageNumber, 1, 10_000);
        var kind = Kinds.Any(k => k.Kind == Kind) ? Kind : null;
        var rules = await curation.VocabularyAsync(Q, kind, PageNumber, PageSize, ct);
        if (Check(rules, "vocabulary", "q")) Rules = rules.Value!;
    }

    /// <summary>"sailing, sail , , dinghy" → sailing, sail, dinghy.</summary>
    public static List<string> Phrases(string? list) =>
        [.. (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
