from django.apps import AppConfig


class VideosConfig(AppConfig):
    name = "videos"
    verbose_name = "Видеосюжеты"

    def ready(self) -> None:
        from resursnaya_sreda.kernel.demo_loaders import register_demo

        register_demo("videos", "videos.demo.populate", order=50)
        from resursnaya_sreda.kernel.uploads import register_private_files
        from videos import cabinet, documents, indicators, personal_data, thread  # noqa: F401

        personal_data.register()
        from django.db.models.signals import post_delete, post_save

        from videos import permissions as policy
        from videos.models import (
            Cut,
            FilmingPartner,
            OnScreenPerson,
            Specification,
            SpecificationAck,
            Story,
        )
        from videos.selectors import forget_matrix, forget_public

        for model in (Story, Specification, SpecificationAck):
            uid = f"videos-matrix-{model.__name__}"
            post_save.connect(forget_matrix, sender=model, dispatch_uid=uid)
            post_delete.connect(forget_matrix, sender=model, dispatch_uid=uid)
        from practices.models import Questionnaire
        from videos.models import PublicationLink, StoryPractice

        for model in (Story, PublicationLink, Cut, StoryPractice, Questionnaire):
            uid = f"videos-public-{model.__name__}"
            post_save.connect(forget_public, sender=model, dispatch_uid=uid)
            post_delete.connect(forget_public, sender=model, dispatch_uid=uid)

        register_private_files(
            Specification,
            policy.get_specification_file,
            key="videos-specification",
            file_field="sample_script",
            thumbnail_field=None,
            name_field="sample_script_name",
        )
        register_private_files(
            Story,
            policy.get_story_script_file,
            key="videos-script",
            file_field="script_file",
            thumbnail_field=None,
            name_field="script_file_name",
        )
        register_private_files(
            FilmingPartner,
            policy.get_partner_file,
            key="videos-agreement",
            file_field="agreement",
            thumbnail_field=None,
            name_field="agreement_name",
        )
        register_private_files(
            OnScreenPerson,
            policy.get_person_file,
            key="videos-release",
            file_field="release",
            thumbnail_field=None,
            name_field="release_name",
        )
        # The cut as uploaded (a download), and what the portal made of it: the preview the
        # federal centre plays in the page (inline, with byte ranges) and the poster frame,
        # public once the story is published.
        register_private_files(
            Cut, policy.get_cut_for_user, key="videos-cut", thumbnail_field="poster"
        )
        register_private_files(
            Cut,
            policy.get_cut_for_user,
            key="videos-preview",
            file_field="preview",
            thumbnail_field=None,
            name_field=None,
            inline=True,
        )
        register_private_files(
            Cut,
            policy.get_public_poster,
            key="videos-poster",
            file_field="poster",
            thumbnail_field=None,
            name_field=None,
            inline=True,
        )
