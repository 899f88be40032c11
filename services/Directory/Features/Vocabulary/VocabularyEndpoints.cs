using BuildingBlocks.Auth;

namespace DirectoryService.Features.Vocabulary;

/// <summary>The curators' search vocabulary: the rules search expands what people type with (docs/search/README.md).</summary>
public static class VocabularyEndpoints
{
    public static RouteGroupBuilder MapVocabularyEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/vocabulary", ListVocabularyRules.List).RequireAuthorization(Roles.Curator);
        api.MapGet("/vocabulary/{id:guid}", ListVocabularyRules.Get).RequireAuthorization(Roles.Curator);
        api.MapPost("/vocabulary", SaveVocabularyRule.Add).RequireAuthorization(Roles.Curator);
        api.MapPut("/vocabulary/{id:guid}", SaveVocabularyRule.Update).RequireAuthorization(Roles.Curator);
        api.MapDelete("/vocabulary/{id:guid}", DeleteVocabularyRule.Endpoint).RequireAuthorization(Roles.Curator);
        return api;
    }
}

/// <summary>A rule as curators see it: its phrases as search uses them, and who changed it last and when.</summary>
public sealed record VocabularyRuleView(Guid Id, string Kind, IReadOnlyList<string> Typed, IReadOnlyList<string> AlsoFinds, string? Note,
    string ChangedBy, DateTimeOffset ChangedAt)
{
    public static VocabularyRuleView Of(Domain.VocabularyRule r) =>
        new(r.Id, r.Kind, r.TypedPhrases, r.AlsoFindsPhrases, r.Note, r.ChangedBy, r.ChangedAt);
}
