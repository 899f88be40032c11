using BuildingBlocks.Auth;
using BuildingBlocks.Validation;
using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Search;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Vocabulary;

/// <summary>
/// A curator adds a vocabulary rule (POST /api/directory/vocabulary) or changes one (PUT .../{id}): what people type,
/// what it should also find, its kind and a note. Searches in this process use it from the next request on; other
/// replicas within <see cref="SearchOptions.VocabularyRefreshSeconds"/>. A phrase another rule is already for: 409
/// naming that rule (<see cref="VocabularyRule.RefuseClashWith"/>).
/// </summary>
public static class SaveVocabularyRule
{
    public sealed record Body(string? Kind, IReadOnlyList<string>? Typed, IReadOnlyList<string>? AlsoFinds, string? Note);

    /// <param name="Id">The rule to change; null adds one.</param>
    public sealed record Command(Guid? Id, string? Kind, IReadOnlyList<string>? Typed, IReadOnlyList<string>? AlsoFinds, string? Note)
        : ICommand<VocabularyRuleView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Kind).NotEmpty().Must(k => VocabularyRule.Kinds.Contains(k))
                .WithMessage($"'kind' must be one of {string.Join(", ", VocabularyRule.Kinds)}.");
            RuleFor(c => c.Typed).NotEmpty().WithMessage("'typed' needs at least one phrase.")
                .Must(p => p is null || p.Count <= VocabularyRule.MaxPhrases).WithMessage(TooMany("typed"));
            // Each phrase only in a list of a sensible length: a list of a million phrases is refused above, not read.
            RuleForEach(c => c.Typed).MustBePlainText().Must(p => VocabularyRule.PhraseProblem(p) is null)
                .WithMessage((_, p) => VocabularyRule.PhraseProblem(p)!).When(c => c.Typed is { Count: <= VocabularyRule.MaxPhrases });
            RuleFor(c => c.AlsoFinds).NotEmpty().WithMessage("'alsoFinds' needs at least one phrase.")
                .Must(p => p is null || p.Count <= VocabularyRule.MaxPhrases).WithMessage(TooMany("alsoFinds"));
            RuleForEach(c => c.AlsoFinds).MustBePlainText().Must(p => VocabularyRule.PhraseProblem(p) is null)
                .WithMessage((_, p) => VocabularyRule.PhraseProblem(p)!).When(c => c.AlsoFinds is { Count: <= VocabularyRule.MaxPhrases });
            RuleFor(c => c.Note).MaximumLength(VocabularyRule.MaxNoteLength).MustBePlainText();
        }

        private static string TooMany(string field) => $"'{field}' can have at most {VocabularyRule.MaxPhrases} phrases.";
    }

    internal sealed class Handler(DirectoryDb db, VocabularyInForce vocabulary, CurrentUser user, TimeProvider clock)
        : ICommandHandler<Command, VocabularyRuleView>
    {
        public async ValueTask<VocabularyRuleView> Handle(Command command, CancellationToken cancellationToken)
        {
            var all = await db.VocabularyRules.ToListAsync(cancellationToken);
            var now = clock.GetUtcNow();
            VocabularyRule rule;
            if (command.Id is { } id)
            {
                rule = all.SingleOrDefault(r => r.Id == id) ?? throw new NotFoundException("Vocabulary rule", id);
                rule.Change(command.Kind!, command.Typed!, command.AlsoFinds!, command.Note, user.InHistory, now);
            }
            else
            {
                rule = new VocabularyRule(command.Kind!, command.Typed!, command.AlsoFinds!, command.Note, user.InHistory, now);
                db.VocabularyRules.Add(rule);
            }
            rule.RefuseClashWith(all);
            await db.SaveChangesAsync(cancellationToken);
            await vocabulary.ReloadAsync(db, cancellationToken);
            return VocabularyRuleView.Of(rule);
        }
    }

    internal static async Task<IResult> Add(Body body, Sender mediator, CancellationToken cancellationToken)
    {
        var rule = await mediator.Send(new Command(null, body.Kind, body.Typed, body.AlsoFinds, body.Note), cancellationToken);
        return Results.Created($"/api/directory/vocabulary/{rule.Id}", rule);
    }

    internal static async Task<IResult> Update(Guid id, Body body, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(id, body.Kind, body.Typed, body.AlsoFinds, body.Note), cancellationToken));
}
