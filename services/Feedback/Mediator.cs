// The generated mediator of this service. Endpoints take it by its concrete type because the embedded host runs
// three services in one container, where ISender would resolve to whichever service registered first.
global using Sender = FeedbackService.Mediator;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

[assembly: MediatorOptions(Namespace = "FeedbackService", ServiceLifetime = ServiceLifetime.Scoped)]
