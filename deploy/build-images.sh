#!/usr/bin/env bash
# Builds the four service images with the .NET SDK's container support and
# writes each as a tarball under artifacts/images/ — no Docker daemon needed.
#
#   deploy/build-images.sh [TAG]          # TAG defaults to "dev"
#
# Environment:
#   BASE_IMAGE   override the base image (for example a registry mirror of
#                mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled-extra)
#   SERVICES     space-separated subset of: directory referrals feedback portal
#
# Then, for example:
#   skopeo copy docker-archive:artifacts/images/directory-TAG.tar.gz \
#       docker://registry.example.org/community-directory/directory:TAG
#   (or: docker load -i artifacts/images/directory-TAG.tar.gz)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tag="${1:-dev}"
out="$root/artifacts/images"
mkdir -p "$out"

declare -A projects=(
  [directory]="services/Directory/DirectoryService.csproj"
  [referrals]="services/Referrals/ReferralsService.csproj"
  [feedback]="services/Feedback/FeedbackService.csproj"
  [portal]="services/Portal/Portal.csproj"
)

extra=()
if [[ -n "${BASE_IMAGE:-}" ]]; then
  extra+=("-p:ContainerBaseImage=$BASE_IMAGE")
fi

status=0
for svc in ${SERVICES:-directory referrals feedback portal}; do
  project="${projects[$svc]:-}"
  if [[ -z "$project" ]]; then
    echo "unknown service: $svc" >&2; exit 2
  fi
  if [[ ! -f "$root/$project" ]]; then
    echo "skip $svc: $project does not exist" >&2; status=1; continue
  fi
  archive="$out/$svc-$tag.tar.gz"
  echo "==> $svc -> $archive"
  if ! dotnet publish "$root/$project" -c Release -t:PublishContainer \
      -p:ContainerRepository="community-directory/$svc" \
      -p:ContainerImageTag="$tag" \
      -p:ContainerArchiveOutputPath="$archive" \
      "${extra[@]}"; then
    echo "FAILED: $svc" >&2; status=1
  fi
done
exit $status
