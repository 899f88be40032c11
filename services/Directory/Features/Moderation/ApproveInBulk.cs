using BuildingBlocks.Validation;
using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Domain;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Moderation;

/// <summary>
/// Bulk approval: the chosen pending changes, or every pending change of a trusted publisher (an imported feed) or an
/// organisation. Each is decided on its own, exactly as one approval would be (its own checks, history entry and
/// events); one failing does not stop the others, and the answer reports each: approved, or the problem that stopped it.
/// </summary>
public static class ApproveInBulk
{
    public const int MaxChanges = 200;

    public sealed record Command(IReadOnlyList<Guid>? ChangeIds, string? Publisher, Guid? OrganisationId, string? Note) : ICommand<Result>;

    public sealed record Result(int Approved, int Failed, IReadOnlyList<ItemResult> Items);

    /// <param name="Problem">Why it was not approved, as the single approval would have answered (status, title, detail, errors).</param>
    public sealed record ItemResult(Guid ChangeId, string Outcome, ItemProblem? Problem);

    public sealed record ItemProblem(int Status, string Title, string? Detail, IDictionary<string, string[]>? Errors);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.ChangeIds).NotEmpty().When(c => c.Publisher is null && c.OrganisationId is null)
                .WithMessage("Choose the changes (changeIds), a publisher or an organisation.");
            RuleFor(c => c.ChangeIds).Must(ids => ids!.Count <= MaxChanges).When(c => c.ChangeIds is not null)
                .WithMessage($"At most {MaxChanges} changes at once.");
            RuleFor(c => c.ChangeIds).Null().When(c => c.Publisher is not null || c.OrganisationId is not null)
                .WithMessage("Give the changes, or a publisher or organisation, not both.");
            RuleFor(c => c.Publisher).MaximumLength(300).MustBePlainText();
            RuleFor(c => c.Note).MaximumLength(1000).MustBePlainText();
        }
    }

    internal sealed class Handler(DirectoryDb db, Sender mediator) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var ids = command.ChangeIds is { } chosen ? [.. chosen.Distinct()] : await PendingOfAsync(command, cancellationToken);
            var items = new List<ItemResult>();
            foreach (var id in ids)
            {
                try
                {
                    await mediator.Send(new DecideChange.Command(id, true, command.Note, InBulk: true), cancellationToken);
                    items.Add(new ItemResult(id, "approved", null));
                }
                catch (Exception ex) when (Problem(ex) is { } problem)
                {
                    items.Add(new ItemResult(id, "failed", problem));
                }
                finally
                {
                    // Whatever one approval left tracked (saved, or failed half-way) is not the next one's business.
                    db.ChangeTracker.Clear();
                }
            }
            return new Result(items.Count(i => i.Outcome == "approved"), items.Count(i => i.Outcome == "failed"), items);
        }

        private async Task<List<Guid>> PendingOfAsync(Command command, CancellationToken cancellationToken)
        {
            var services = db.Services.AsNoTracking().Where(s => s.Status != ServiceStatus.WithdrawnByPublisher);
            if (command.Publisher is { } publisher) services = services.Where(s => s.ImportedFrom == publisher);
            if (command.OrganisationId is { } organisationId) services = services.Where(s => s.OrganisationId == organisationId);
            var serviceIds = services.Select(s => s.Id);
            return await db.ListingChanges.AsNoTracking()
                .Where(c => c.Decision == ChangeDecision.Pending && serviceIds.Contains(c.ServiceId))
                .OrderBy(c => c.ProposedAt).Take(MaxChanges).Select(c => c.Id).ToListAsync(cancellationToken);
        }

        private static ItemProblem? Problem(Exception ex) => ex switch
        {
            ValidationException v => new ItemProblem(400, "The request has invalid fields.", null,
                v.Errors.GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray())),
            RuleViolationException r => new ItemProblem(422, "The request cannot be carried out.", r.Message, r.Errors),
            NotFoundException n => new ItemProblem(404, "Not found.", n.Message, null),
            ConflictException c => new ItemProblem(409, "Conflict with the current state.", c.Message, null),
            DbUpdateConcurrencyException => new ItemProblem(409, "Conflict with the current state.",
                "Someone else changed this listing at the same time.", null),
            _ => null,
        };
    }

    internal static async Task<IResult> Endpoint(Command command, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(command, cancellationToken));
}
