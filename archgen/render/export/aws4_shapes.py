"""The shapes of draw.io's AWS 2021+ library (`mxgraph.aws4.*`), by the palette that lists them.

A service icon is drawn as `shape=mxgraph.aws4.resourceIcon;resIcon=mxgraph.aws4.<name>` (the
square, coloured tile); a resource icon as `shape=mxgraph.aws4.<name>` (the line glyph). Each
palette has its fill colour. Names as draw.io's AWS palettes list them; `aws4_map.json` (made by
`python -m archgen.render.export.aws4_generate`) maps archgen's icon kinds onto them.
"""

from __future__ import annotations

# palette: (fill colour, service icons, resource icons)
PALETTES: dict[str, tuple[str, str, str]] = {
    "general": (
        "#232F3D",
        "marketplace general all_products",
        """
        marketplace all_products alert authenticated_user management_console2 camera2 chat client
        cold_storage credentials corporate_data_center data_stream data_table disk document
        documents3 documents documents2 email_2 forums gear generic_application generic_database
        git_repository generic_firewall globe folder folders internet internet_alt1 internet_alt2
        internet_alt22 json_script logs magnifying_glass_2 metrics mobile_client multimedia
        office_building programming_language question recover saml_token ssl_padlock tape_storage
        traditional_server user users external_toolkit external_sdk servers shield2 source_code""",
    ),
    "analytics": (
        "#8C4FFF",
        """
        analytics athena datazone cloudsearch2 elasticsearch_service emr finspace kinesis
        kinesis_data_analytics kinesis_data_firehose kinesis_data_streams kinesis_video_streams
        managed_service_for_apache_flink quicksight clean_rooms redshift data_pipeline
        entity_resolution managed_streaming_for_kafka glue glue_databrew glue_elastic_views
        lake_formation data_exchange sql_workbench""",
        """
        athena_data_source_connectors search_documents datazone_business_data_catalog
        datazone_data_portal datazone_data_projects cluster msk_amazon_msk_connect
        opensearch_service_cluster_administrator_node opensearch_service_data_node
        opensearch_service_index opensearch_observability opensearch_dashboards
        opensearch_ingestion opensearch_service_traces opensearch_service_ultrawarm_node
        quicksight_paginated_reports redshift_auto_copy redshift_data_sharing_governance
        data_lake_resource_icon emr_engine emr_engine_mapr_m3 emr_engine_mapr_m5
        emr_engine_mapr_m7 hdfs_cluster dense_compute_node dense_storage_node redshift_ra3
        redshift_streaming_ingestion data_exchange_for_apis aws_glue_for_ray glue_crawlers
        glue_databrew glue_data_catalog aws_glue_data_quality redshift_ml
        redshift_query_editor_v20_light""",
    ),
    "integration": (
        "#E7157B",
        """
        application_integration api_gateway mq sns sqs appsync eventbridge
        managed_workflows_for_apache_airflow step_functions mobile_application express_workflow
        appflow""",
        """
        endpoint email_notification event eventbridge_pipes eventbridge_custom_event_bus_resource
        eventbridge_default_event_bus_resource eventbridge_saas_partner_event_bus_resource
        eventbridge_scheduler eventbridge_schema eventbridge_schema_registry mq_broker
        event_resource http_notification topic message queue rule_3""",
    ),
    "ar_vr": ("#BC1356", "ar_vr sumerian", ""),
    "cost": (
        "#7AA116",
        """
        cost_management application_cost_profiler budgets_2 cost_and_usage_report cost_explorer
        custom_billing_manager reserved_instance_reporting savings_plans""",
        "",
    ),
    "blockchain": (
        "#ED7100",
        "blockchain managed_blockchain quantum_ledger_database",
        "blockchain_resource",
    ),
    "business": (
        "#DD344C",
        """
        business_application alexa_for_business chime chime_sdk connect honeycode pinpoint
        simple_email_service workdocs workmail appfabric supply_chain wickr""",
        "pinpoint_journey email",
    ),
    "compute": (
        "#ED7100",
        """
        compute ec2 auto_scaling2 auto_scaling3 bottlerocket lightsail lightsail_for_research
        app_runner batch compute_optimizer elastic_beanstalk elastic_fabric_adapter fargate
        ec2_image_builder genomics_cli lambda local_zones nice_dcv nice_enginframe nitro_enclaves
        outposts_family outposts outposts_1u_and_2u_servers parallel_cluster
        serverless_application_repository simspace_weaver thinkbox_deadline thinkbox_draft
        thinkbox_frost thinkbox_krakatoa thinkbox_sequoia thinkbox_stoke thinkbox_xmesh
        elastic_load_balancing vmware_cloud_on_aws wavelength""",
        """
        a1_instance ami auto_scaling2 db_on_instance2 rescue application deployment
        elastic_ip_address habana_gaudi high_memory_instance inferentia instance2 instances
        instance_with_cloudwatch2 lambda_function mac_instance optimized_instance spot_instance
        trainium_instance""",
    ),
    "contact_center": ("#DD344C", "contact_center", ""),
    "containers": (
        "#ED7100",
        """
        containers ecs_anywhere eks_anywhere eks_cloud eks_distro eks ecr ecs fargate
        red_hat_openshift""",
        """
        ecs_copilot_cli registry container_registry_image container_1 container_2 container_3
        ecs_anywhere ecs_service_connect ecs_service ecs_task eks_on_outposts""",
    ),
    "enablement": (
        "#C925D1",
        """
        customer_enablement activate iq managed_services professional_services repost support
        training_certification""",
        "",
    ),
    "engagement": ("#3334B9", "customer_engagement connect pinpoint simple_email_service", ""),
    "database": (
        "#C925D1",
        """
        database aurora documentdb_with_mongodb_compatibility dynamodb elasticache
        managed_apache_cassandra_service neptune quantum_ledger_database rds rds_on_vmware
        redshift timestream database_migration_service keyspaces memorydb_for_redis""",
        """
        attribute attributes aurora_instance aurora_instance_alt rds_instance rds_instance_alt
        rds_mariadb_instance rds_mariadb_instance_alt rds_mysql_instance rds_mysql_instance_alt
        rds_oracle_instance rds_oracle_instance_alt rds_piops rds_postgresql_instance
        rds_postgresql_instance_alt rds_proxy rds_proxy_alt rds_sql_server_instance
        rds_sql_server_instance_alt documentdb_elastic_clusters dynamodb_dax
        global_secondary_index item items dynamodb_standard_access_table_class
        dynamodb_standard_infrequent_access_table_class dynamodb_stream table cache_node
        elasticache_for_memcached elasticache_for_redis rds_blue_green_deployments rds_multi_az
        rds_optimized_writes rds_trusted_language_extensions_for_postgresql
        rds_multi_az_db_cluster database_migration_workflow_job""",
    ),
    "devtools": (
        "#C925D1",
        """
        developer_tools codecatalyst cloud9 cloud_control_api cloud_development_kit cloudshell
        codeartifact codebuild codecommit codedeploy codepipeline codestar command_line_interface
        corretto application_composer tools_and_sdks xray""",
        "cloud9",
    ),
    "enduser": (
        "#01A88D",
        """
        desktop_and_app_streaming appstream_20 workspaces worklink workspaces_family workdocs""",
        """
        workspaces_family_amazon_workspaces workspaces_family_amazon_workspaces_core
        workspaces_workspaces_web""",
    ),
    "frontend": (
        "#DD344C",
        "mobile amplify device_farm location_service",
        """
        location_service_geofence location_service_map location_service_place
        location_service_routes location_service_track amplify_aws_amplify_studio""",
    ),
    "game": ("#8C4FFF", "games gamelift_2 gamesparks gamekit lumberyard open_3d_engine_2", ""),
    "iot": (
        "#7AA116",
        """
        internet_of_things freertos iot_1click iot_analytics iot_button iot_core
        iot_device_defender iot_device_management iot_edukit iot_events iot_expresslink
        iot_fleetwise greengrass iot_roborunner iot_sitewise iot_things_graph iot_twinmaker""",
        """
        iot_lorawan_protocol iot_sailboat sensor iot_analytics_channel data_set
        iot_analytics_data_store iot_analytics_pipeline iot_core_device_advisor
        iot_core_device_location notebook connector iot_greengrass_interprocess_communication
        iot_greengrass_protocol iot_greengrass_recipe iot_greengrass_stream_manager action
        actuator alexa_enabled_device alexa_skill bank bycicle camera car cart
        certificate_manager coffee_pot desired_state iot_device_gateway iot_device_jobs_resource
        iot_device_management_fleet iot_device_tester iot_greengrass_artifact
        iot_greengrass_component door_lock echo factory firetv firetv_stick generic
        hardware_board house http2_protocol http_protocol lightbulb medical_emergency
        mqtt_protocol iot_sitewise_asset iot_over_the_air_update police_emergency policy
        reported_state rule servo shadow simulator iot_thing_freertos_device thermostat topic_2
        travel utility windfarm""",
    ),
    "ml": (
        "#01A88D",
        """
        machine_learning augmented_ai bedrock codeguru_2 codewhisperer comprehend
        comprehend_medical deepcomposer devops_guru elastic_inference_2 forecast fraud_detector
        healthlake kendra neuron_ml_sdk panorama lex lookout_for_equipment lookout_for_metrics
        lookout_for_vision monitron omics healthscribe personalize polly rekognition_2 sagemaker
        sagemaker_ground_truth sagemaker_studio_lab textract transcribe translate
        apache_mxnet_on_aws deep_learning_amis deeplens deepracer healthimaging tensorflow_on_aws
        torchserve deep_learning_containers""",
        """
        devops_guru_insights rekognition_image rekognition_video sagemaker_canvas
        sagemaker_geospatial_ml sagemaker_model sagemaker_notebook sagemaker_shadow_testing
        sagemaker_train textract_analyze_lending""",
    ),
    "management": (
        "#E7157B",
        """
        management_and_governance cloudwatch_2 managed_service_for_grafana
        managed_service_for_prometheus app_config app_wizard application_auto_scaling autoscaling
        backint_agent chatbot cloudformation cloudtrail codeguru command_line_interface
        compute_optimizer config control_tower distro_for_opentelemetry fault_injection_simulator
        license_manager managed_services management_console opsworks organizations
        personal_health_dashboard proton resilience_hub resource_explorer service_catalog
        service_management_connector systems_manager telco_network_builder
        systems_manager_incident_manager trusted_advisor well_architect_tool""",
        """
        alarm cloudwatch_cross_account_observability cloudwatch_data_protection
        event_event_based event_time_based cloudwatch_evidently cloudwatch_logs
        cloudwatch_metrics_insights rule_2 cloudwatch_rum cloudwatch_synthetics change_set stack
        template cloudtrail_cloudtrail_lake opsworks_apps deployments instances_2 layers logs
        monitoring opsworks_permissions resources stack2 organizations_account
        organizations_account2 organizations_management_account
        organizations_organizational_unit2 systems_manager_application_manager
        systems_manager_change_calendar systems_manager_change_manager
        systems_manager_compliance systems_manager_distributor automation documents
        systems_manager_incident_manager inventory maintenance_windows parameter_store
        patch_manager run_command systems_manager_session_manager state_manager checklist
        checklist_cost checklist_fault_tolerant checklist_performance checklist_security
        systems_manager_opscenter""",
    ),
    "media": (
        "#ED7100",
        """
        media_services elastic_transcoder kinesis_video_streams nimble_studio elemental
        elemental_mediaconnect elemental_mediaconvert elemental_medialive elemental_mediapackage
        elemental_mediastore elemental_mediatailor interactive_video elemental_link""",
        "cloud_digital_interface mediaconnect_gateway",
    ),
    "migration": (
        "#01A88D",
        """
        migration_and_transfer application_discovery_service database_migration_service datasync
        mainframe_modernization migration_evaluator migration_hub server_migration_service
        snowball snowball_edge snowmobile cloudendure_migration transfer_family
        transfer_for_sftp""",
        """
        application_discovery_service_aws_agentless_collector
        application_discovery_service_aws_discovery_agent agent2 datasync_discovery
        migration_hub_refactor_spaces_applications migration_hub_refactor_spaces_environments
        migration_hub_refactor_spaces_services transfer_family_aws_as2
        transfer_for_ftp_resource transfer_for_ftps_resource transfer_for_sftp_resource""",
    ),
    "network": (
        "#8C4FFF",
        """
        networking_and_content_delivery api_gateway cloud_directory cloudfront route_53
        vpc_privatelink vpc vpc_lattice app_mesh client_vpn site_to_site_vpn
        elastic_load_balancing cloud_map cloud_wan direct_connect global_accelerator private_5g
        transit_gateway verified_access""",
        """
        endpoint download_distribution cloudfront_functions edge_location
        streaming_distribution route_53_application_recovery_controller
        route_53_readiness_checks hosted_zone vpc_carrier_gateway route_53_resolver
        route_53_resolver_dns_firewall route_53_resolver_query_logging route_table
        route_53_routing_controls customer_gateway elastic_network_adapter
        elastic_network_interface endpoints flow_logs gateway transit_gateway_attachment
        internet_gateway mesh nat_gateway vpc_network_access_analyzer namespace
        network_access_control_list peering vpc_reachability_analyzer resource
        cloud_wan_segment_network cloud_wan_virtual_pop service application_load_balancer
        classic_load_balancer gateway_load_balancer router virtual_gateway virtual_node
        virtual_router virtual_service vpn_connection vpn_gateway vpc_traffic_mirroring
        vpc_virtual_private_cloud_vpc network_load_balancer""",
    ),
    "quantum": (
        "#ED7100",
        "quantum_technologies braket",
        """
        braket_chandelier braket_chip braket_embedded_simulator braket_managed_simulator
        braket_noise_simulator braket_qpu braket_simulator braket_state_vector
        braket_tensor_network""",
    ),
    "robotics": (
        "#DD344C",
        "robotics robomaker",
        "simulation fleet_management development_environment cloud_extension_ros",
    ),
    "satellite": ("#C925D1", "satellite ground_station", ""),
    "security": (
        "#DD344C",
        """
        security_identity_and_compliance cloud_directory cognito detective guardduty inspector
        macie security_lake verified_permissions artifact audit_manager certificate_manager_3
        cloudhsm directory_service firewall_manager identity_and_access_management
        key_management_service network_firewall payment_cryptography
        private_certificate_authority resource_access_manager organizations secrets_manager
        security_hub shield signer single_sign_on waf""",
        """
        access_analyzer identity_access_management_iam_roles_anywhere ad_connector agent
        certificate_manager_2 addon sts sts_alternate data_encryption_key encrypted_data
        long_term_security_credential mfa_token permissions role temporary_security_credential
        key_management_service_external_key_store network_firewall_endpoints managed_ms_ad
        organizations_account organizations_organizational_unit finding shield_shield_advanced
        waf_bad_bot waf_bot waf_bot_control waf_labels waf_managed_rule waf_rule filtering_rule
        simple_ad""",
    ),
    "serverless": ("#8C4FFF", "serverless", ""),
    "storage": (
        "#7AA116",
        """
        storage elastic_block_store file_cache elastic_file_system fsx fsx_for_lustre
        fsx_for_netapp_ontap fsx_for_openzfs fsx_for_windows_file_server s3_on_outposts_storage
        infrequent_access_storage_class glacier s3 backup snowball snowball_edge snowmobile
        storage_gateway cloudendure_disaster_recovery efs_infrequentaccess efs_standard
        snowcone""",
        """
        elastic_block_store_amazon_data_lifecycle_manager snapshot volume
        elastic_block_store_volume_gp3 elastic_file_system_elastic_throughput file_gateway
        fsx_file_gateway s3_file_gateway file_system elastic_file_system_intelligent_tiering
        elastic_file_system_one_zone elastic_file_system_infrequent_access
        elastic_file_system_one_zone_infrequent_access elastic_file_system_standard
        general_access_points archive backup_audit_manager backup_plan backup_restore
        backup_vault backup_compliance_reporting backup_compute backup_database backup_gateway
        backup_recovery_point_objective backup_recovery_time_objective backup_storage
        backup_virtual_machine backup_virtual_machine_monitor vault bucket intelligent_tiering
        s3_multi_region_access_points s3_object_lambda s3_object_lambda_access_points
        s3_object_lock s3_on_outposts standard_ia s3_storage_lens one_zone_ia glacier
        simple_storage_service_s3_glacier_instant_retrieval glacier_deep_archive
        bucket_with_objects replication replication_time_control s3_select object
        s3_batch_operations import_export tape_gateway volume_gateway cached_volume
        non_cached_volume virtual_tape_library multiple_volumes_resource vpc_access_points""",
    ),
}


def service_icons() -> dict[str, str]:
    """Every service icon name → its palette's colour (the first palette listing it)."""
    found: dict[str, str] = {}
    for colour, services, _ in PALETTES.values():
        for name in services.split():
            found.setdefault(name, colour)
    return found


def resource_icons() -> dict[str, str]:
    """Every resource icon name → its palette's colour (the first palette listing it)."""
    found: dict[str, str] = {}
    for colour, _, resources in PALETTES.values():
        for name in resources.split():
            found.setdefault(name, colour)
    return found
