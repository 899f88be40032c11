using BuildingBlocks.Validation;
using DirectoryService.Data;
using DirectoryService.Domain;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Crisis;

/// <summary>
/// What a crisis would suspend, before it is declared: exactly the active listings the selection covers (the same
/// query <see cref="SuspendListings"/> runs), and the organisations that would be told. Nothing changes.
/// </summary>
public static class PreviewCrisis
{
    public sealed record Command(string? Ward, string? TaxonomyTerm, bool All, Guid? OrganisationId = null)
        : IQuery<Result>, ICrisisSelector
    {
        public CrisisSelection Selection => new(Ward, TaxonomyTerm, All, OrganisationId);
    }

    public sealed record Result(string Scope, int Count, int OrganisationCount, IReadOnlyList<Item> Listings);

    public sealed record Item(Guid Id, string Name, Guid OrganisationId, string OrganisationName);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => this.AddSelectionRules();
    }

    internal sealed class Handler(DirectoryDb db) : IQueryHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var listings = await command.Selection.Apply(db, ServiceStatus.Active).AsNoTracking()
                .OrderBy(s => s.Organisation.Name).ThenBy(s => s.Name)
                .Select(s => new Item(s.Id, s.Name, s.OrganisationId, s.Organisation.Name)).ToListAsync(cancellationToken);
            return new Result(await command.Selection.DescribeAsync(db, cancellationToken), listings.Count,
                listings.Select(l => l.OrganisationId).Distinct().Count(), listings);
        }
    }

    internal static async Task<IResult> Endpoint(Command command, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(command, cancellationToken));
}
