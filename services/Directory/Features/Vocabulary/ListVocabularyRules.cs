using BuildingBlocks.Validation;
using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Domain;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Vocabulary;

/// <summary>
/// The vocabulary rules a page at a time (GET /api/directory/vocabulary): those whose phrases or note hold the text
/// <c>q</c> (compared as search compares words: "Men's" finds "mens"), of one <c>kind</c> if given, by kind then
/// phrase; and one rule (GET .../{id}).
/// </summary>
public static class ListVocabularyRules
{
    public sealed record Query(string? Q, string? Kind, int? Page, int? PageSize) : IQuery<Result>;

    public sealed record Result(IReadOnlyList<VocabularyRuleView> Items, int Page, int PageSize, int Total);

    public sealed record One(Guid Id) : IQuery<VocabularyRuleView>;

    public const int DefaultPageSize = 50;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Q).MaximumLength(VocabularyRule.MaxPhraseLength).MustBePlainText();
            RuleFor(q => q.Kind).Must(k => VocabularyRule.Kinds.Contains(k)).When(q => q.Kind is not null)
                .WithMessage($"'kind' must be one of {string.Join(", ", VocabularyRule.Kinds)}.");
            RuleFor(q => q.Page).MustBeAPage();
            RuleFor(q => q.PageSize).MustBeAPageSize(100);
        }
    }

    internal sealed class Handler(DirectoryDb db) : IQueryHandler<Query, Result>, IQueryHandler<One, VocabularyRuleView>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var rules = db.VocabularyRules.AsNoTracking();
            if (query.Kind is { } kind) rules = rules.Where(r => r.Kind == kind);
            if (query.Q is { } q && VocabularyRule.Normalise(q) is { Length: > 0 } text)
                rules = rules.Where(r => r.Typed.Contains(text) || r.AlsoFinds.Contains(text) || (r.Note != null && r.Note.ToLower().Contains(text)));
            var (page, size) = (query.Page ?? 1, query.PageSize ?? DefaultPageSize);
            var total = await rules.CountAsync(cancellationToken);
            var items = await rules.OrderBy(r => r.Kind).ThenBy(r => r.Typed).ThenBy(r => r.Id)
                .Skip(Paging.Skip(page, size)).Take(size).ToListAsync(cancellationToken);
            return new Result([.. items.Select(VocabularyRuleView.Of)], page, size, total);
        }

        public async ValueTask<VocabularyRuleView> Handle(One query, CancellationToken cancellationToken) =>
            VocabularyRuleView.Of(await db.VocabularyRules.AsNoTracking().SingleOrDefaultAsync(r => r.Id == query.Id, cancellationToken)
                ?? throw new NotFoundException("Vocabulary rule", query.Id));
    }

    internal static async Task<IResult> List([AsParameters] Query query, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(query, cancellationToken));

    internal static async Task<IResult> Get(Guid id, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new One(id), cancellationToken));
}
